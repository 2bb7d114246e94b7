import { describe, expect, it } from 'vitest';
import { canPurchaseOrderTransition, purchaseOrderStatuses, statusAfterReceipt } from '../../../src/domain/purchasing/po-states.js';
import { reorderDecision, type ReorderInput } from '../../../src/domain/purchasing/reorder.js';

describe('purchase order state table', () => {
  it('allows the lifecycle and refuses the rest', () => {
    expect(canPurchaseOrderTransition('draft', 'sent')).toBe(true);
    expect(canPurchaseOrderTransition('sent', 'partially_received')).toBe(true);
    expect(canPurchaseOrderTransition('partially_received', 'received')).toBe(true);
    expect(canPurchaseOrderTransition('draft', 'received')).toBe(false);
    expect(canPurchaseOrderTransition('partially_received', 'cancelled')).toBe(false);
    for (const s of purchaseOrderStatuses) {
      expect(canPurchaseOrderTransition('received', s)).toBe(false);
      expect(canPurchaseOrderTransition('cancelled', s)).toBe(false);
    }
  });
  it('is received only when every line is complete', () => {
    expect(statusAfterReceipt([{ ordered: 5, received: 5 }, { ordered: 2, received: 1 }])).toBe('partially_received');
    expect(statusAfterReceipt([{ ordered: 5, received: 5 }, { ordered: 2, received: 2 }])).toBe('received');
  });
});

describe('reorderDecision', () => {
  const base: ReorderInput = { weeklyDemand: Array(12).fill(10), leadTimeDays: 14, serviceLevel: 0.95, minimumReorderPoint: 0, available: 100, incoming: 0, backordered: 0, moq: 1, packSize: 1, coverWeeks: 2 };
  it('steady demand of 10 a week over a 2-week lead time: reorder point 20, nothing to order above it', () => {
    const d = reorderDecision(base);
    expect(d).toMatchObject({ leadTimeDemand: 20, safetyStock: 0, reorderPoint: 20, position: 100, quantity: 0 });
  });
  it('below the reorder point: lifts the position to reorder point + cover, at least the MOQ, in whole packs', () => {
    expect(reorderDecision({ ...base, available: 5 }).quantity).toBe(35); // 20 + 2 × 10 − 5
    expect(reorderDecision({ ...base, available: 5, packSize: 12 }).quantity).toBe(36);
    expect(reorderDecision({ ...base, available: 5, moq: 50 }).quantity).toBe(50);
  });
  it('counts incoming stock and backorders in the position, and never goes below a hand-set reorder point', () => {
    expect(reorderDecision({ ...base, available: 5, incoming: 40 }).quantity).toBe(0);
    expect(reorderDecision({ ...base, available: 25, backordered: 10 })).toMatchObject({ position: 15, quantity: 25 });
    expect(reorderDecision({ ...base, weeklyDemand: [], available: 3, minimumReorderPoint: 4 })).toMatchObject({ reorderPoint: 4, quantity: 1 });
  });
  it('exactly at the reorder point orders nothing (only below it)', () => {
    expect(reorderDecision({ ...base, available: 20 }).quantity).toBe(0);
  });
});
