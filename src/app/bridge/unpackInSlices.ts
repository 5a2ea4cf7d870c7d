/**
 * `unpackConfig` cut into slices that fit a frame: the per-filter tables of a large model
 * (74 layers: ≈ 600k numbers) are rebuilt layer by layer, and the page's main thread is
 * handed back whenever a slice has run for `budgetMs`, so no single task holds it for the
 * hundreds of ms the whole rebuild takes.
 */
import { unpackConfig, type WireConfig } from '../../quant/configWire';
import type { StudioConfig } from '../../quant/types';

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function unpackConfigInSlices(wire: WireConfig, budgetMs = 8): Promise<StudioConfig> {
  const { config, chunks, rows } = wire;
  let r = 0;
  let started = performance.now();
  // WirePacker writes one chunk per layer, that layer's rows back to back: one chunk + its rows is a wire of its own.
  for (const chunk of chunks) {
    const from = r;
    const layer = rows[r]?.layer;
    let values = 0;
    while (r < rows.length && (values < chunk.length || (rows[r].length === 0 && rows[r].layer === layer))) values += rows[r++].length;
    unpackConfig({ config, chunks: [chunk], rows: rows.slice(from, r) });
    if (performance.now() - started > budgetMs) {
      await yieldToPage();
      started = performance.now();
    }
  }
  // Rows left over (empty ones, or more rows than values: unpackConfig says which) are read the same way.
  if (r < rows.length) unpackConfig({ config, chunks: [], rows: rows.slice(r) });
  return config;
}
