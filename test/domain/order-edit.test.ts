import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyLineEdits, liveQuantity, type EditLine, type LineOp } from '../../src/domain/orders/order-edit.js';
import { bucketsAddUp } from '../../src/domain/orders/line-quantities.js';

const line = (id: string, sku: string, q: { ordered: number; backordered?: number; allocated?: number; cancelled?: number }): EditLine => ({
  id,
  lineNo: Number(id.replace(/\D/g, '')) || 1,
  sku,
  name: sku,
  unitPrice: 1000n,
  customization: {},
  added: false,
  q: { ordered: q.ordered, cancelled: q.cancelled ?? 0, pending: 0, backordered: q.backordered ?? 0, allocated: q.allocated ?? q.ordered - (q.backordered ?? 0) - (q.cancelled ?? 0), shipped: 0, delivered: 0, returned: 0 },
});
const item = (sku: string) => ({ sku, name: sku, unitPrice: 1500n, customization: {} });
let n = 0;
const newId = () => `new-${++n}`;

describe('order edit operations on lines (pure)', () => {
  it('raises a quantity as pending units to source; lowers it backordered first, then releasing allocated units', () => {
    const r = applyLineEdits([line('l1', 'A', { ordered: 5, backordered: 2 }), line('l2', 'B', { ordered: 1 })], [
      { op: 'set_quantity', lineId: 'l1', quantity: 2, index: 0 },
      { op: 'set_quantity', lineId: 'l2', quantity: 4, index: 1 },
    ], newId);
    if (!r.ok) throw new Error(r.message);
    expect(r.lines[0]!.q).toMatchObject({ ordered: 5, cancelled: 3, backordered: 0, allocated: 2 });
    expect(r.release).toEqual(new Map([['l1', 1]]));
    expect(r.lines[1]!.q).toMatchObject({ ordered: 4, pending: 3, allocated: 1 });
    expect([...r.toSource]).toEqual(['l2']);
    expect(r.changes.map((c) => [c.change, c.from, c.to])).toEqual([['quantity', 5, 2], ['quantity', 1, 4]]);
  });

  it('swaps a variant as a cancelled line plus a new line of the same live quantity', () => {
    const r = applyLineEdits([line('l1', 'A', { ordered: 3, cancelled: 1 })], [{ op: 'swap_variant', lineId: 'l1', item: item('A-L'), index: 0 }], newId);
    if (!r.ok) throw new Error(r.message);
    expect(r.lines[0]!.q).toMatchObject({ ordered: 3, cancelled: 3, allocated: 0 });
    expect(r.lines[1]).toMatchObject({ sku: 'A-L', lineNo: 2, added: true, q: { ordered: 2, pending: 2 } });
    expect(r.release.get('l1')).toBe(2);
  });

  it('refuses removing the last line, editing a removed line and an unknown line', () => {
    const one = [line('l1', 'A', { ordered: 1 })];
    expect(applyLineEdits(one, [{ op: 'remove_line', lineId: 'l1', index: 0 }], newId)).toMatchObject({ ok: false, status: 'conflict' });
    const two = [line('l1', 'A', { ordered: 1 }), line('l2', 'B', { ordered: 1 })];
    expect(applyLineEdits(two, [{ op: 'remove_line', lineId: 'l1', index: 0 }, { op: 'set_quantity', lineId: 'l1', quantity: 2, index: 1 }], newId)).toMatchObject({ ok: false, index: 1, status: 'conflict' });
    expect(applyLineEdits(two, [{ op: 'remove_line', lineId: 'zz', index: 0 }], newId)).toMatchObject({ ok: false, field: 'lineId', status: 'invalid' });
  });

  it('keeps every line’s buckets adding up whatever the operations', () => {
    const start = [line('l1', 'A', { ordered: 4, backordered: 1 }), line('l2', 'B', { ordered: 2 }), line('l3', 'C', { ordered: 3, cancelled: 1 })];
    const op = fc.oneof(
      fc.record({ op: fc.constant('set_quantity' as const), lineId: fc.constantFrom('l1', 'l2', 'l3'), quantity: fc.integer({ min: 1, max: 9 }) }),
      fc.record({ op: fc.constant('remove_line' as const), lineId: fc.constantFrom('l1', 'l2', 'l3') }),
      fc.record({ op: fc.constant('add_line' as const), quantity: fc.integer({ min: 1, max: 5 }), item: fc.constant(item('D')) }),
      fc.record({ op: fc.constant('swap_variant' as const), lineId: fc.constantFrom('l1', 'l2', 'l3'), item: fc.constant(item('E')) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), (ops) => {
        const r = applyLineEdits(start, ops.map((o, index) => ({ ...(o as LineOp), index })), newId);
        if (!r.ok) return;
        for (const l of r.lines) expect(bucketsAddUp(l.q)).toBe(true);
        expect(r.lines.some((l) => liveQuantity(l.q) > 0)).toBe(true);
        for (const [id, k] of r.release) expect(k).toBeLessThanOrEqual(start.find((s) => s.id === id)!.q.allocated);
      }),
    );
  });
});
