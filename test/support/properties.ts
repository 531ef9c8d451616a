import fc from 'fast-check';

/** A run count from the environment (`npm run test:faults` raises them), else the short CI default. */
export const runCount = (name: 'FUZZ_CASES' | 'MODEL_SEQUENCES', fallback: number): number => Number(process.env[name] || fallback);

/**
 * fast-check options for a property that drives the real service. fast-check prints the seed and
 * path of a failure; SEED and SEED_PATH replay it. Each run costs HTTP round trips, so shrinking is
 * capped by `budgetMs`: a failure is still reported, with its seed, before Jest's own timeout, and a
 * run phase that outlasts the budget fails rather than passing on fewer runs than asked.
 */
export function propertyOptions<T>(numRuns: number, budgetMs: number): fc.Parameters<T> {
  return {
    numRuns,
    seed: process.env.SEED ? Number(process.env.SEED) : undefined,
    path: process.env.SEED_PATH || undefined,
    plugins: [fc.interruptAfterTimeLimit(budgetMs, { failOnInterrupt: true })],
  };
}

/** Shows a long generated text in a failure report by its length and head, not all of it. */
export function labelled<T extends object>(value: T, label: string): T {
  const short = label.length > 400 ? `${label.slice(0, 400)}… (${label.length} characters)` : label;
  return Object.assign(value, { [fc.toStringMethod]: () => short });
}
