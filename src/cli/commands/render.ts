import { renderFromDisk } from '../../loop/render-step.js';
import { loadContext } from '../load-context.js';
import { print } from '../output.js';

export default async function render(options: Record<string, unknown>): Promise<void> {
  const config = loadContext(options);
  const rendered = await renderFromDisk(config);
  const assets = rendered.assets.reduce((sum, asset) => sum + asset.bytes, 0);
  print(`wrote ${rendered.htmlFile} (${(rendered.bytes / 1024).toFixed(0)} KB, assets ${(assets / 1024).toFixed(0)} KB)`);
}
