/** Argument checks shared by the indicators. They run once per call, never per candle. */

/** Throws a RangeError unless `period` is an integer >= `minimum`. */
export function assertPeriod(indicator: string, name: string, period: number, minimum = 1): void {
  if (!Number.isInteger(period) || period < minimum) {
    throw new RangeError(`${indicator}: ${name} must be an integer >= ${minimum}, was ${period}`);
  }
}

/** Throws a RangeError unless `value` is a finite number (band multipliers and the like). */
export function assertFiniteNumber(indicator: string, name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${indicator}: ${name} must be a finite number, was ${value}`);
}

/** Throws a RangeError unless every input column has the same length; returns that length. */
export function assertSameLength(indicator: string, inputs: readonly Float64Array[]): number {
  const length = inputs[0].length;
  for (let i = 1; i < inputs.length; i++) {
    if (inputs[i].length !== length) {
      throw new RangeError(`${indicator}: input columns must have the same length, got ${inputs.map((c) => c.length).join(', ')}`);
    }
  }
  return length;
}

/**
 * Throws a RangeError unless every output has the inputs' length and none of them is one of the inputs
 * (indicators read inputs behind the bar they write, so computing in place would corrupt them).
 */
export function assertOutputs(indicator: string, length: number, inputs: readonly Float64Array[], outputs: readonly Float64Array[]): void {
  for (const output of outputs) {
    if (output.length !== length) {
      throw new RangeError(`${indicator}: output length ${output.length} differs from input length ${length}; pass an out array of the same length`);
    }
    if (inputs.includes(output)) throw new RangeError(`${indicator}: out must not be one of the inputs (in-place computation is not supported)`);
  }
}
