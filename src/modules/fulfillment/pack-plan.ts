import { AppError, validation } from '../../platform/errors.js';
import type { PackageContents } from '../../platform/db/schema/index.js';
import { boxRefusal, chooseCarton, itemFits, type Box, type PackItem } from '../../domain/fulfillment/carton.js';

type Dims = { length: number; width: number; height: number };

/** One carton of a pack request: a box of the catalog or measured dimensions, optionally its units. */
export interface PackageInput {
  boxCode?: string | undefined;
  dimensions?: Dims | undefined;
  weightGrams?: number | undefined;
  contents?: Array<{ lineId: string; quantity: number }> | undefined;
}

/** A fulfillment line as the plan sees it: picked units with catalog dimensions and weight. */
export interface PackLine {
  id: string;
  sku: string;
  picked: number;
  weightGrams: number | null;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
}

/** A package ready to store (seq 1..n). */
export interface PlannedPackage {
  seq: number;
  boxCode: string | null;
  weightGrams: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  contents: PackageContents | null;
}

const unitsOf = (l: PackLine, quantity: number): PackItem[] =>
  Array.from({ length: quantity }, () => ({ sku: l.sku, lengthMm: l.lengthMm, widthMm: l.widthMm, heightMm: l.heightMm, weightGrams: l.weightGrams }));

/** Every picked unit of the lines, as contents. */
export const allContents = (lines: readonly PackLine[]): PackageContents =>
  lines.filter((l) => l.picked > 0).map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.picked }));

/** Weight defaults to the box's tare + the catalog weight of the contents (at least 1 g). */
export function packageOf(seq: number, box: Box | null, input: PackageInput, contents: PackageContents | null, lines: readonly PackLine[]): PlannedPackage {
  const content = (contents ?? []).reduce((s, c) => s + c.quantity * (lines.find((l) => l.id === c.lineId)?.weightGrams ?? 0), 0);
  const dims = input.dimensions ?? (box ? { length: box.lengthMm, width: box.widthMm, height: box.heightMm } : null);
  if (!dims) throw validation([{ path: `packages.${seq - 1}.boxCode`, message: 'give a boxCode or dimensions' }]);
  return {
    seq,
    boxCode: box?.code ?? null,
    weightGrams: input.weightGrams ?? Math.max(1, content + (box?.tareWeightGrams ?? 0)),
    lengthMm: dims.length,
    widthMm: dims.width,
    heightMm: dims.height,
    contents,
  };
}

/**
 * Checks a several-carton pack request against the picked lines and the active box catalog and
 * numbers the packages. Contents are given for every package or for none; when given, every picked
 * unit is packed exactly once (a unit packed twice or left out → 422) and a named box must take its
 * contents. Without contents, a single package holds everything; several need a measured weight.
 * Field errors name `packages.N.…`.
 */
export function planPackages(lines: readonly PackLine[], catalog: readonly Box[], inputs: readonly PackageInput[]): PlannedPackage[] {
  const itemised = inputs.filter((p) => p.contents !== undefined).length;
  if (itemised > 0 && itemised < inputs.length) {
    const n = inputs.findIndex((p) => p.contents === undefined);
    throw validation([{ path: `packages.${n}.contents`, message: 'give the contents of every package or of none' }]);
  }
  const boxes = inputs.map((p, n) => {
    if (p.boxCode === undefined) return null;
    const box = catalog.find((b) => b.code === p.boxCode);
    if (!box) throw validation([{ path: `packages.${n}.boxCode`, message: `${p.boxCode} is not an active box of the catalog` }], `Box ${p.boxCode} is not an active box of the catalog`);
    return box;
  });

  if (itemised === 0) {
    if (inputs.length === 1) {
      const contents = allContents(lines);
      const box = boxes[0] ?? null;
      if (box) refuseMisfit(0, box, lines.flatMap((l) => unitsOf(l, l.picked)));
      return [packageOf(1, box, inputs[0]!, contents, lines)];
    }
    const n = inputs.findIndex((p) => p.weightGrams === undefined);
    if (n >= 0) throw validation([{ path: `packages.${n}.weightGrams`, message: 'is required when the contents of several packages are not given' }]);
    return inputs.map((p, i) => packageOf(i + 1, boxes[i] ?? null, p, null, lines));
  }

  const packed = new Map<string, number>();
  const planned = inputs.map((p, n) => {
    const contents: PackageContents = [];
    p.contents!.forEach((c, m) => {
      const line = lines.find((l) => l.id === c.lineId);
      if (!line) throw validation([{ path: `packages.${n}.contents.${m}.lineId`, message: 'is not a line of this fulfillment order' }]);
      const total = (packed.get(line.id) ?? 0) + c.quantity;
      if (total > line.picked) {
        throw new AppError('business_rule', `${line.sku} is packed more than once: ${line.picked} picked, ${total} in packages`, {
          reason: 'packed_twice',
          errors: [{ path: `packages.${n}.contents.${m}.quantity`, message: `${line.sku}: only ${line.picked - (packed.get(line.id) ?? 0)} picked unit(s) left to pack` }],
        });
      }
      packed.set(line.id, total);
      const same = contents.find((x) => x.lineId === line.id);
      if (same) same.quantity += c.quantity;
      else contents.push({ lineId: line.id, sku: line.sku, quantity: c.quantity });
    });
    const box = boxes[n] ?? null;
    if (box) refuseMisfit(n, box, contents.flatMap((c) => unitsOf(lines.find((l) => l.id === c.lineId)!, c.quantity)));
    return packageOf(n + 1, box, p, contents, lines);
  });
  const left = lines.filter((l) => l.picked > (packed.get(l.id) ?? 0));
  if (left.length) {
    const what = left.map((l) => `${l.sku} (${l.picked - (packed.get(l.id) ?? 0)} of ${l.picked})`).join(', ');
    throw new AppError('business_rule', `Picked units in no package: ${what}`, { reason: 'units_unpacked', errors: [{ path: 'packages', message: `not packed: ${what}` }] });
  }
  return planned;
}

function refuseMisfit(n: number, box: Box, items: PackItem[]): void {
  const refusal = boxRefusal(items, box);
  if (refusal) throw new AppError('business_rule', `Box ${box.code} of package ${n + 1} does not fit: ${refusal}`, { reason: 'box_too_small', errors: [{ path: `packages.${n}.boxCode`, message: refusal }] });
}

const volumeOf = (i: PackItem) => (i.lengthMm !== null && i.widthMm !== null && i.heightMm !== null ? i.lengthMm * i.widthMm * i.heightMm : 0);
const boxVolume = (b: Box) => b.lengthMm * b.widthMm * b.heightMm;

/**
 * When no single box takes every unit: first-fit decreasing — units by volume then weight, largest
 * first, each into the first carton that some active box still takes with it, else a new carton —
 * then each carton gets the smallest box that takes its contents (the same fit rules as one box:
 * orientation, total volume, weight). Null when a unit fits no box even alone, or more than
 * `maxCartons` would be needed. Running totals per carton keep it O(units × cartons × boxes).
 */
export function splitIntoCartons<T extends PackItem>(items: readonly T[], catalog: readonly Box[], maxCartons = 50): Array<{ box: Box; items: T[] }> | null {
  type Open = { items: T[]; volume: number; weight: number; boxes: readonly Box[] };
  const takes = (c: Open, item: T) =>
    c.boxes.filter((b) => itemFits(item, b) && c.volume + volumeOf(item) <= boxVolume(b) && c.weight + (item.weightGrams ?? 0) <= b.maxWeightGrams);
  const order = [...items].sort((a, b) => volumeOf(b) - volumeOf(a) || (b.weightGrams ?? 0) - (a.weightGrams ?? 0));
  const cartons: Open[] = [];
  for (const item of order) {
    let placed = false;
    for (const c of cartons) {
      const still = takes(c, item);
      if (still.length) {
        c.items.push(item);
        c.volume += volumeOf(item);
        c.weight += item.weightGrams ?? 0;
        c.boxes = still;
        placed = true;
        break;
      }
    }
    if (placed) continue;
    const fresh = takes({ items: [], volume: 0, weight: 0, boxes: catalog }, item);
    if (!fresh.length || cartons.length >= maxCartons) return null;
    cartons.push({ items: [item], volume: volumeOf(item), weight: item.weightGrams ?? 0, boxes: fresh });
  }
  return cartons.map((c) => {
    const choice = chooseCarton(c.items, catalog);
    if (!choice.ok) throw new Error('a carton of the split fits no box'); // cannot happen: every carton was built to fit a box
    return { box: choice.box, items: c.items };
  });
}
