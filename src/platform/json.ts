/** JSON-safe copy: bigint becomes a decimal string, Date an ISO string (jsonb cannot hold bigint). */
export function toJson(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  );
}
