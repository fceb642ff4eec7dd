// Prints the plain "N passed, N failed" line CI reads, from vitest's JSON report.
// A failed static check (layer rules, typecheck) counts as one failed test.
import { readFileSync } from 'node:fs';

const [reportFile, lintStatus = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} catch (error) {
  console.error(`could not read the test report ${reportFile}: ${error.message}`);
  failed += 1;
}
if (lintStatus !== '0') failed += 1;
if (passed === 0 && failed === 0) failed = 1; // a run that executed no test is not green
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
