import { createHash } from 'node:crypto';

/** A deterministic UUID (version 5 layout, SHA-1 of a name): the same imported row always gets the same id. */
export function nameUuid(name: string): string {
  const b = createHash('sha1').update(`ordo:${name}`).digest().subarray(0, 16);
  b[6] = 0x50 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
