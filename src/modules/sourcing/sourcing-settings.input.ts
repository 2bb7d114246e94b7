import { AppError, type FieldError } from '../../platform/errors.js';
import type { SourcingSettings } from './sourcing-settings.js';
import type { SourcingSettingsInput } from './sourcing.schemas.js';

type Money = { amount: number; currency: string };

/** Settings from the API shape, every money field in the sourcing currency (else 400 naming it). */
export function settingsFromInput(base: SourcingSettings, input: Partial<SourcingSettingsInput>, currency: string, prefix = ''): SourcingSettings {
  const errors: FieldError[] = [];
  const p = (k: string) => (prefix ? `${prefix}.${k}` : k);
  const m = (k: keyof SourcingSettingsInput, v: Money | null | undefined, fallback: bigint | null): bigint | null => {
    if (v === undefined) return fallback;
    if (v === null) return null;
    if (v.currency !== currency) errors.push({ path: p(`${k}.currency`), message: `must be ${currency}, the sourcing currency` });
    return BigInt(v.amount);
  };
  const out: SourcingSettings = {
    splitPenalty: m('splitPenalty', input.splitPenalty, base.splitPenalty)!,
    neverSplitBelow: m('neverSplitBelow', input.neverSplitBelow, base.neverSplitBelow),
    maxLocationsPerOrder: input.maxLocationsPerOrder === undefined ? base.maxLocationsPerOrder : input.maxLocationsPerOrder,
    exactCandidateLimit: input.exactCandidateLimit ?? base.exactCandidateLimit,
    exactStepBudget: input.exactStepBudget ?? base.exactStepBudget,
    shippingBase: m('shippingBase', input.shippingBase, base.shippingBase)!,
    shippingPerKm: m('shippingPerKm', input.shippingPerKm, base.shippingPerKm)!,
    shippingPerKg: m('shippingPerKg', input.shippingPerKg, base.shippingPerKg)!,
  };
  if (errors.length) throw new AppError('validation_failed', `Invalid ${errors.map((e) => e.path).join(', ')}`, { errors });
  return out;
}

/** Location overrides of a what-if: every money field in the sourcing currency. */
export function checkSettingsCurrency(
  locations: Array<{ handlingCostPerOrder?: Money | undefined; handlingCostPerUnit?: Money | undefined; shipping?: { base: Money; perKm: Money; perKg: Money } | null | undefined }>,
  currency: string,
): void {
  const errors: FieldError[] = [];
  locations.forEach((l, i) => {
    const check = (path: string, v: Money | undefined) => {
      if (v && v.currency !== currency) errors.push({ path: `locations.${i}.${path}.currency`, message: `must be ${currency}, the sourcing currency` });
    };
    check('handlingCostPerOrder', l.handlingCostPerOrder);
    check('handlingCostPerUnit', l.handlingCostPerUnit);
    if (l.shipping) for (const k of ['base', 'perKm', 'perKg'] as const) check(`shipping.${k}`, l.shipping[k]);
  });
  if (errors.length) throw new AppError('validation_failed', `Invalid ${errors.map((e) => e.path).join(', ')}`, { errors });
}

export const settingsJson = (s: SourcingSettings, currency: string) => {
  const m = (a: bigint) => ({ amount: Number(a), currency });
  return {
    currency,
    splitPenalty: m(s.splitPenalty),
    neverSplitBelow: s.neverSplitBelow === null ? null : m(s.neverSplitBelow),
    maxLocationsPerOrder: s.maxLocationsPerOrder,
    exactCandidateLimit: s.exactCandidateLimit,
    exactStepBudget: s.exactStepBudget,
    shippingBase: m(s.shippingBase),
    shippingPerKm: m(s.shippingPerKm),
    shippingPerKg: m(s.shippingPerKg),
  };
};
