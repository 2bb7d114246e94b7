/**
 * Sourcing engine (pure core): decides which locations ship which units of an order.
 * No IO, clock or randomness — the same input always yields the same plan.
 */
import { prepare, type SourcingInput, type SourcingPlan } from './model.js';
import { solveExact, type SolveOptions } from './exact.js';
import { solveHeuristic } from './heuristic.js';

export * from './model.js';
export { solveExact, searchExact, type SolveOptions } from './exact.js';
export { solveHeuristic, searchHeuristic, simpleLowerBound } from './heuristic.js';

/** Largest number of eligible candidates for which {@link solve} runs the exact search. */
export const EXACT_CANDIDATE_LIMIT = 12;

/** Exact when at most {@link EXACT_CANDIDATE_LIMIT} eligible candidates, heuristic otherwise. */
export function solve(input: SourcingInput, options: SolveOptions = {}): SourcingPlan {
  return prepare(input).candidates.length <= EXACT_CANDIDATE_LIMIT ? solveExact(input, options) : solveHeuristic(input, options);
}
