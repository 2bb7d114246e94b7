/** JSON-safe copy: bigint becomes a decimal string, Date an ISO string (jsonb cannot hold bigint). */
export function toJson(value: unknown): unknown {
  return JSON.parse(toJsonString(value));
}

const bigintAsString = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/** The JSON text of `value` with bigint as decimal strings: for jsonb parameters of raw SQL. */
export const toJsonString = (value: unknown): string => JSON.stringify(value, bigintAsString);
