/**
 * Shared settings of the property tests (test/*.property.test.ts): a fixed seed, so that a failure
 * is reproducible, and a moderate number of runs, so that `npm test` stays fast. The environment
 * variable RECKON_PROPERTY_RUNS multiplies every number of runs (`npm run test:props` sets it to 50
 * for a long search).
 */
export const SEED = 20_240_601;

const multiplier = (() => {
  const text = process.env.RECKON_PROPERTY_RUNS;
  const value = text === undefined || text === "" ? 1 : Number(text);
  return Number.isFinite(value) && value > 0 ? value : 1;
})();

/** `numRuns` scaled by RECKON_PROPERTY_RUNS (at least 1). */
export function runs(numRuns: number): number {
  return Math.max(1, Math.round(numRuns * multiplier));
}

/** Parameters for fc.assert: the fixed seed and the scaled number of runs. */
export function parameters(numRuns: number, seed: number = SEED): { seed: number; numRuns: number } {
  return { seed, numRuns: runs(numRuns) };
}

/** A test timeout that grows with the number of runs (vitest's default is set in vitest.config.ts). */
export function timeout(milliseconds: number): number {
  return Math.max(60_000, Math.round(milliseconds * multiplier));
}
