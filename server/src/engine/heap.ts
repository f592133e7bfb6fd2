// V8 heap settings for batch jobs.
import * as v8 from 'node:v8';

/**
 * How a batch lint (the CLI, the benchmark) sets V8's heap: it grows by 10% past the live data at
 * each full collection instead of V8's own factor, which for a fast-allocating batch job goes up to
 * ×4. Measured on a
 * million-record zone (interleaved runs, 2026-11-23): peak RSS 570–572 MB at 15%, 581–590 MB at 20%,
 * 604–692 MB at 40%, for ~5% more CPU than 40%; later, with less live data, 561–575 MB at 10%
 * (median 563) against 571–613 MB at 15% (median 579), 14 full collections instead of 11 and no
 * measurable CPU cost (at first 10% cost twice the CPU: the live heap was bigger then). The heap of
 * a small zone stays small either way. No limit is set: a bigger zone still gets the memory it
 * needs. bench/child.mjs calls it too (from the engine, without loading the CLI), so the benchmark
 * measures what the CLI does.
 */
export function batchHeap(): void {
  v8.setFlagsFromString('--heap-growing-percent=10');
}
