/**
 * Goods a destination does not accept (or a merchant will not send there): matched by HS code prefix
 * or by SKU. Checked before an order is written, so a refused order leaves nothing behind.
 */
export interface Restriction {
  /** HS code prefix (digits only, e.g. "2208" spirits, "93" arms) or an exact SKU. */
  hsPrefix?: string | undefined;
  sku?: string | undefined;
  reason: string;
}

export interface RestrictedLine {
  index: number;
  sku: string;
  reason: string;
}

export function restrictedLines(lines: ReadonlyArray<{ sku: string; hsCode: string | null }>, rules: readonly Restriction[]): RestrictedLine[] {
  const out: RestrictedLine[] = [];
  lines.forEach((l, index) => {
    const hs = (l.hsCode ?? '').replace(/\D/g, '');
    const hit = rules.find((r) => (r.sku !== undefined && r.sku === l.sku) || (r.hsPrefix !== undefined && hs.length > 0 && hs.startsWith(r.hsPrefix)));
    if (hit) out.push({ index, sku: l.sku, reason: hit.reason });
  });
  return out;
}
