/**
 * Customs for international parcels: the declaration's items and totals, the form (CN22 for small
 * light parcels, CN23 otherwise, per the UPU rules) and a duties-and-taxes estimate under DDP or DAP.
 * Amounts are integer minor units of the declaration currency; rates are basis points.
 */
export interface CustomsItem {
  sku: string;
  description: string;
  quantity: number;
  /** Value per unit, declaration currency. */
  unitValue: bigint;
  unitWeightGrams: number;
  hsCode: string | null;
  originCountry: string | null;
}

export interface CustomsThresholds {
  /** CN22 only up to this total value (declaration currency; UPU: 300 SDR, e.g. EUR 380.00 → 38000). */
  cn22MaxValue: bigint;
  /** CN22 only up to this gross weight (UPU: 2 kg). */
  cn22MaxWeightGrams: number;
}

export interface DestinationDuties {
  country: string;
  /** Duty per HS chapter or heading prefix (longest prefix wins), else `defaultDutyBp`. */
  dutyByHsPrefix?: Readonly<Record<string, number>>;
  defaultDutyBp: number;
  /** Import VAT / GST on value + duty (+ shipping when `vatOnShipping`). */
  vatBp: number;
  vatOnShipping?: boolean;
  /** No duty when the goods' value is at or below this (declaration currency). */
  dutyDeMinimis?: bigint;
  /** No import VAT when the goods' value is at or below this. */
  vatDeMinimis?: bigint;
}

export type Incoterm = 'DDP' | 'DAP';

export interface DeclarationLine extends CustomsItem {
  lineValue: bigint;
  lineWeightGrams: number;
  dutyBp: number;
}

export interface Declaration {
  form: 'CN22' | 'CN23';
  formReason: string;
  lines: DeclarationLine[];
  totalValue: bigint;
  totalWeightGrams: number;
  incoterm: Incoterm;
  duty: bigint;
  vat: bigint;
  /** Who pays duty + VAT: the shipper (DDP) or the recipient on delivery (DAP). */
  payer: 'shipper' | 'recipient';
  missing: string[];
}

const bp = (amount: bigint, points: number) => (amount * BigInt(points) + 5000n) / 10000n;

export function dutyRateFor(hsCode: string | null, d: DestinationDuties): number {
  if (!hsCode) return d.defaultDutyBp;
  const digits = hsCode.replace(/\D/g, '');
  let best: { len: number; bp: number } | undefined;
  for (const [prefix, rate] of Object.entries(d.dutyByHsPrefix ?? {})) {
    if (digits.startsWith(prefix) && (!best || prefix.length > best.len)) best = { len: prefix.length, bp: rate };
  }
  return best?.bp ?? d.defaultDutyBp;
}

export function declare(input: {
  items: readonly CustomsItem[];
  packagingWeightGrams: number;
  shipping: bigint;
  thresholds: CustomsThresholds;
  duties: DestinationDuties;
  incoterm: Incoterm;
}): Declaration {
  const missing: string[] = [];
  const lines = input.items.map((i) => {
    if (!i.hsCode) missing.push(`${i.sku}: HS code`);
    if (!i.originCountry) missing.push(`${i.sku}: country of origin`);
    return {
      ...i,
      lineValue: i.unitValue * BigInt(i.quantity),
      lineWeightGrams: i.unitWeightGrams * i.quantity,
      dutyBp: dutyRateFor(i.hsCode, input.duties),
    };
  });
  const totalValue = lines.reduce((s, l) => s + l.lineValue, 0n);
  const totalWeightGrams = lines.reduce((s, l) => s + l.lineWeightGrams, 0) + input.packagingWeightGrams;
  const small = totalValue <= input.thresholds.cn22MaxValue && totalWeightGrams <= input.thresholds.cn22MaxWeightGrams;
  const formReason = small
    ? `value and weight within the CN22 limits`
    : totalValue > input.thresholds.cn22MaxValue
      ? `value ${totalValue} is over the CN22 limit ${input.thresholds.cn22MaxValue}`
      : `weight ${totalWeightGrams} g is over the CN22 limit ${input.thresholds.cn22MaxWeightGrams} g`;
  const d = input.duties;
  const dutyFree = d.dutyDeMinimis !== undefined && totalValue <= d.dutyDeMinimis;
  const duty = dutyFree ? 0n : lines.reduce((s, l) => s + bp(l.lineValue, l.dutyBp), 0n);
  const vatFree = d.vatDeMinimis !== undefined && totalValue <= d.vatDeMinimis;
  const vat = vatFree ? 0n : bp(totalValue + duty + (d.vatOnShipping ? input.shipping : 0n), d.vatBp);
  return {
    form: small ? 'CN22' : 'CN23',
    formReason,
    lines,
    totalValue,
    totalWeightGrams,
    incoterm: input.incoterm,
    duty,
    vat,
    payer: input.incoterm === 'DDP' ? 'shipper' : 'recipient',
    missing,
  };
}
