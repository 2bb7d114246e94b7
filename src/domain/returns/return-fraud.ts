/** Returns fraud: scored signals, each with its reason (pure; facts and `now` are passed in). */
export interface ReturnFraudSettings {
  /** At or above this score the return is held for review. */
  threshold: number;
  /** Return value (minor units) from which a return soon after delivery counts as high value. */
  highValueAmount: number;
}

export const defaultReturnFraudSettings: ReturnFraudSettings = { threshold: 60, highValueAmount: 20_000 };

export interface ReturnFraudFacts {
  /** Units delivered to this customer over all orders, and units claimed by their earlier returns. */
  customerDeliveredUnits: number;
  customerReturnedUnits: number;
  /** Earlier returns of this customer in the last 30 days. */
  recentReturns: number;
  /** Hours between delivery and this return request (null: unknown). */
  hoursSinceDelivery: number | null;
  /** Value of this return in minor units. */
  value: number;
}

export interface FraudSignal {
  code: 'high_return_rate' | 'serial_returner' | 'quick_high_value_return';
  points: number;
  reason: string;
}

export function scoreReturnFraud(s: ReturnFraudSettings, f: ReturnFraudFacts): { score: number; held: boolean; signals: FraudSignal[] } {
  const signals: FraudSignal[] = [];
  if (f.customerDeliveredUnits >= 4 && f.customerReturnedUnits * 2 >= f.customerDeliveredUnits) {
    const pct = Math.round((f.customerReturnedUnits * 100) / f.customerDeliveredUnits);
    signals.push({ code: 'high_return_rate', points: 40, reason: `${f.customerReturnedUnits} of ${f.customerDeliveredUnits} units delivered to this customer were already returned (${pct} %)` });
  }
  if (f.recentReturns >= 3) signals.push({ code: 'serial_returner', points: 30, reason: `${f.recentReturns} earlier returns in the last 30 days` });
  if (f.hoursSinceDelivery !== null && f.hoursSinceDelivery < 24 && f.value >= s.highValueAmount) {
    signals.push({ code: 'quick_high_value_return', points: 30, reason: `a return worth ${f.value} minor units requested ${Math.floor(f.hoursSinceDelivery)} h after delivery` });
  }
  const score = signals.reduce((n, x) => n + x.points, 0);
  return { score, held: score >= s.threshold, signals };
}
