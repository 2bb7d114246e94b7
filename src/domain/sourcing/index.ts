/**
 * Sourcing engine (pure core): decides which locations ship which units of an order.
 * No IO, clock or randomness — the same input always yields the same plan.
 */
import { prepare, toPlan, type SourcingInput, type SourcingPlan } from './model.js';
import { searchExact, StepBudgetExceeded, type SolveOptions } from './exact.js';
import { heuristicPlan, searchHeuristic } from './heuristic.js';

export * from './model.js';
export * from './plan-cost.js';
export { solveExact, searchExact, StepBudgetExceeded, type SolveOptions } from './exact.js';
export { solveHeuristic, searchHeuristic, simpleLowerBound } from './heuristic.js';

/** Default largest number of eligible candidates for which {@link solve} runs the exact search. */
export const EXACT_CANDIDATE_LIMIT = 30;
/** Default step budget of one exact search. */
export const EXACT_STEP_BUDGET = 200_000;

/**
 * Exact when at most `exactCandidateLimit` eligible candidates and the search finishes within
 * `maxSteps`; otherwise the heuristic, with `heuristicReason` and its gap to a lower bound.
 *
 * @example solve({ lines, shipTo, locations, config }).allocations
 */
export function solve(input: SourcingInput, options: SolveOptions = {}): SourcingPlan {
  const p = prepare(input);
  const limit = options.exactCandidateLimit ?? EXACT_CANDIDATE_LIMIT;
  const maxSteps = options.maxSteps ?? EXACT_STEP_BUDGET;
  if (p.candidates.length > limit) return heuristicPlan(p, options, `${p.candidates.length} candidates > exact limit ${limit}`);
  let best;
  try {
    best = searchExact(p, null, maxSteps)!;
  } catch (e) {
    if (!(e instanceof StepBudgetExceeded)) throw e;
    return heuristicPlan(p, options, `exact search exceeded its budget of ${maxSteps} steps`);
  }
  const explain = options.explain ?? true;
  // Explanations of unused candidates: exact when affordable, else the heuristic's forced plan.
  const alternative = (ci: number) => {
    if (!explain) return undefined;
    const seed = searchHeuristic(p, ci);
    try {
      return searchExact(p, ci, maxSteps, seed);
    } catch (e) {
      if (!(e instanceof StepBudgetExceeded)) throw e;
      return seed;
    }
  };
  return toPlan(p, best, true, best.totalCost, undefined, alternative);
}
