/** A carton of the box catalog: inner dimensions in mm, maximum content weight and tare in grams. */
export interface Box {
  code: string;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  maxWeightGrams: number;
  tareWeightGrams: number;
}

/** One unit to pack; dimensions/weight may be unknown in the catalog. */
export interface PackItem {
  sku: string;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  weightGrams: number | null;
}

export type CartonChoice =
  | { ok: true; box: Box; contentWeightGrams: number; grossWeightGrams: number; itemVolumeMm3: number }
  | { ok: false; reason: string; contentWeightGrams: number; itemVolumeMm3: number };

const volume = (d: { lengthMm: number; widthMm: number; heightMm: number }) => d.lengthMm * d.widthMm * d.heightMm;
const sorted3 = (a: number, b: number, c: number) => [a, b, c].sort((x, y) => x - y) as [number, number, number];

/** True when the item fits in the box in some orientation (compare sorted dimensions). */
export function itemFits(item: PackItem, box: Box): boolean {
  if (item.lengthMm === null || item.widthMm === null || item.heightMm === null) return true;
  const i = sorted3(item.lengthMm, item.widthMm, item.heightMm);
  const b = sorted3(box.lengthMm, box.widthMm, box.heightMm);
  return i[0] <= b[0] && i[1] <= b[1] && i[2] <= b[2];
}

/** Why a given box cannot take the items, or null when it can. */
export function boxRefusal(items: readonly PackItem[], box: Box): string | null {
  const tooBig = items.find((i) => !itemFits(i, box));
  if (tooBig) return `${tooBig.sku} (${tooBig.lengthMm}×${tooBig.widthMm}×${tooBig.heightMm} mm) does not fit in ${box.code} (${box.lengthMm}×${box.widthMm}×${box.heightMm} mm) in any orientation`;
  const vol = items.reduce((s, i) => s + (i.lengthMm !== null && i.widthMm !== null && i.heightMm !== null ? i.lengthMm * i.widthMm * i.heightMm : 0), 0);
  if (vol > volume(box)) return `items take ${(vol / 1e6).toFixed(2)} L, more than the ${(volume(box) / 1e6).toFixed(2)} L of ${box.code}`;
  const weight = items.reduce((s, i) => s + (i.weightGrams ?? 0), 0);
  if (weight > box.maxWeightGrams) return `items weigh ${weight} g, more than the ${box.maxWeightGrams} g ${box.code} may hold`;
  return null;
}

/**
 * Chooses the smallest box (by inner volume, then code) that takes every item: each item fits in
 * some orientation, the items' total volume fits the box volume, and their weight is within the
 * box's limit. Items without dimensions only count by weight. Explains when nothing fits.
 *
 * @example chooseCarton([{ sku: 'A', lengthMm: 100, widthMm: 50, heightMm: 20, weightGrams: 200 }], boxes)
 */
export function chooseCarton(items: readonly PackItem[], boxes: readonly Box[]): CartonChoice {
  const contentWeightGrams = items.reduce((s, i) => s + (i.weightGrams ?? 0), 0);
  const itemVolumeMm3 = items.reduce((s, i) => s + (i.lengthMm !== null && i.widthMm !== null && i.heightMm !== null ? i.lengthMm * i.widthMm * i.heightMm : 0), 0);
  if (boxes.length === 0) return { ok: false, reason: 'The box catalog has no active boxes', contentWeightGrams, itemVolumeMm3 };
  const bySize = [...boxes].sort((a, b) => volume(a) - volume(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const box of bySize) {
    if (boxRefusal(items, box) === null) {
      return { ok: true, box, contentWeightGrams, grossWeightGrams: contentWeightGrams + box.tareWeightGrams, itemVolumeMm3 };
    }
  }
  const largest = bySize[bySize.length - 1]!;
  const heaviest = bySize.reduce((m, b) => (b.maxWeightGrams > m.maxWeightGrams ? b : m), largest);
  const reason = boxRefusal(items, largest) ?? boxRefusal(items, heaviest) ?? 'no single box meets every limit';
  return { ok: false, reason: `No box in the catalog fits: ${reason}`, contentWeightGrams, itemVolumeMm3 };
}
