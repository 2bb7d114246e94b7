import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/platform/ids.js';

describe('uuidv7', () => {
  it('is an RFC 9562 version 7 UUID carrying the given time, unique across pool refills', () => {
    const t = Date.parse('2026-11-26T10:00:00Z');
    const ids = Array.from({ length: 3000 }, () => uuidv7(t));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(t);
    expect(uuidv7(t + 1) > uuidv7(t)).toBe(true);
  });
});
