/**
 * Seeded, reproducible property runs. Every property runs at least FUZZ_RUNS_MIN times (1,000) with a
 * fixed seed unless FUZZ_SEED says otherwise, and records how many runs really executed, so the suite
 * prints the count per property (CI's log is the record the issue asks for).
 *
 * Reproduce a failure: `FUZZ_SEED=<seed> npx vitest run test/reliability/<file>` (fast-check also
 * prints the seed and the shrunk counterexample's path).
 */
import fc from 'fast-check';

export const FUZZ_RUNS_MIN = 1_000;
/** One seed for the whole suite: a run is reproducible; change it (or set FUZZ_SEED) to explore further. */
export const FUZZ_SEED = Number.parseInt(process.env.FUZZ_SEED ?? '', 10) || 20_261_123;

const counts = new Map<string, number>();

/** How many runs each property executed so far in this file. */
export function runCounts(): ReadonlyMap<string, number> {
  return counts;
}

/** Prints the run counts of this file's properties (call from afterAll). */
export function printRunCounts(file: string): void {
  const lines = [...counts].map(([name, n]) => `  ${name}: ${n} runs`);
  console.log(`[fuzz] ${file} (seed ${FUZZ_SEED})\n${lines.join('\n')}`);
}

/** Runs an async property `runs` times (≥ 1,000) with the suite's seed, counting executed runs. */
export async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, runs = FUZZ_RUNS_MIN): Promise<void> {
  if (runs < FUZZ_RUNS_MIN) throw new Error(`${name}: a property runs at least ${FUZZ_RUNS_MIN} times`);
  counts.set(name, 0);
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      await predicate(value);
    }),
    // Shrinking re-runs a failing case many times; a bounded budget keeps a red run fast to read.
    { numRuns: runs, seed: FUZZ_SEED, endOnFailure: false, maxSkipsPerRun: 0, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: true },
  );
}

/** The synchronous counterpart, for pure functions (the router). */
export function fuzzSync<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, runs = FUZZ_RUNS_MIN): void {
  if (runs < FUZZ_RUNS_MIN) throw new Error(`${name}: a property runs at least ${FUZZ_RUNS_MIN} times`);
  counts.set(name, 0);
  fc.assert(
    fc.property(arbitrary, (value) => {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      predicate(value);
    }),
    { numRuns: runs, seed: FUZZ_SEED },
  );
}
