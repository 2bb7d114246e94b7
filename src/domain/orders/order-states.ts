/**
 * The order lifecycle as data. Aggregate statuses after `processing` (partially shipped, shipped,
 * delivered) are reached from line quantities by later modules; the table says which moves are legal.
 */
export const orderStatuses = [
  'placed',
  'confirmed',
  'processing',
  'partially_shipped',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const initialOrderStatus: OrderStatus = 'placed';

export const orderTransitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  processing: ['partially_shipped', 'shipped', 'cancelled'],
  partially_shipped: ['shipped', 'completed'],
  shipped: ['delivered', 'completed'],
  delivered: ['completed'],
  completed: [],
  cancelled: [],
};

/** Moves that an active hold blocks: everything that advances the order towards the customer. */
const heldBack: ReadonlySet<OrderStatus> = new Set(['processing', 'partially_shipped', 'shipped']);

export const nextStates = (from: OrderStatus): readonly OrderStatus[] => orderTransitions[from];
export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => orderTransitions[from].includes(to);
export const isTerminal = (s: OrderStatus): boolean => orderTransitions[s].length === 0;

export type TransitionCheck = { ok: true } | { ok: false; reason: 'illegal_transition' | 'order_on_hold' };

/** Pure guard over facts already loaded: the current status and whether a hold is active. */
export function checkTransition(facts: { from: OrderStatus; to: OrderStatus; activeHolds: number }): TransitionCheck {
  if (!canTransition(facts.from, facts.to)) return { ok: false, reason: 'illegal_transition' };
  if (facts.activeHolds > 0 && heldBack.has(facts.to)) return { ok: false, reason: 'order_on_hold' };
  return { ok: true };
}

/**
 * Validates a transition table: every state reachable from the initial one, terminal states have no
 * exits, no transition names an unknown state. Returns the problems found (empty = valid).
 */
export function validateTransitionTable<S extends string>(
  states: readonly S[],
  initial: S,
  table: Readonly<Record<S, readonly S[]>>,
  terminal: readonly S[],
): string[] {
  const problems: string[] = [];
  const known = new Set(states);
  for (const s of states) {
    for (const t of table[s] ?? []) if (!known.has(t)) problems.push(`${s} -> unknown state ${t}`);
  }
  const seen = new Set<S>([initial]);
  const queue: S[] = [initial];
  while (queue.length) for (const t of table[queue.shift()!] ?? []) if (!seen.has(t)) (seen.add(t), queue.push(t));
  for (const s of states) if (!seen.has(s)) problems.push(`${s} is unreachable from ${initial}`);
  for (const s of terminal) if ((table[s] ?? []).length) problems.push(`terminal state ${s} has exits`);
  for (const s of states) if (!terminal.includes(s) && (table[s] ?? []).length === 0) problems.push(`${s} has no exits but is not terminal`);
  return problems;
}

const problems = validateTransitionTable(orderStatuses, initialOrderStatus, orderTransitions, ['completed', 'cancelled']);
if (problems.length) throw new Error(`Invalid order transition table: ${problems.join('; ')}`);
