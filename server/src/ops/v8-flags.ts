import { setFlagsFromString } from 'node:v8';

/*
 * Imported first by main.ts, before any other module runs.
 *
 * No allocation-site pretenuring. V8 learns, from a burst of long-lived allocations (the start's rebuild of
 * windows and phone history, an import of 100,000 events), to allocate those sites' objects straight in
 * the old generation; the sites are shared code (Node's HTTP response, object literals of ours), so every
 * later request's objects then land there too, point at young ones and keep them alive through every
 * minor GC. Measured with the pre-dial check at 2,000 checks/s (BENCHMARKS.md, "Pre-dial check"): with
 * pretenuring, ~2.1 MB survived each minor GC and each paused the loop 5–7 ms; without it, ~0.1 MB and ~2 ms.
 * The flag is read at each GC, so setting it here, before the first request, is in time.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
