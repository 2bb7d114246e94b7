/** A fresh Idempotency-Key: one per user action, so a double click or a retry after a lost answer has one effect. */
export const newIdempotencyKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);
