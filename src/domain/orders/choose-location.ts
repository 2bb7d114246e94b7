import { distanceKm } from '../geo.js';

export interface CandidateLocation {
  code: string;
  latitude: number;
  longitude: number;
  priority: number;
  /** Available units (after reserved and safety stock) per SKU. */
  available: ReadonlyMap<string, number>;
}

export interface LineDemand {
  sku: string;
  quantity: number;
}

export interface LocationChoice {
  locationCode: string | null;
  linesFilled: number;
  distanceKm: number | null;
}

/**
 * The core placement rule (sourcing replaces it later): the location that can fill the most lines
 * completely; ties broken by distance to the ship-to point (when known), then priority, then code.
 * Returns `locationCode: null` when no candidate holds any of the SKUs.
 */
export function chooseLocation(
  lines: readonly LineDemand[],
  candidates: readonly CandidateLocation[],
  shipTo?: { latitude: number; longitude: number },
): LocationChoice {
  const need = new Map<string, number>();
  for (const l of lines) need.set(l.sku, (need.get(l.sku) ?? 0) + l.quantity);
  let best: (LocationChoice & { partialUnits: number; priority: number }) | null = null;
  for (const c of candidates) {
    let filled = 0;
    let partialUnits = 0;
    for (const [sku, qty] of need) {
      const avail = c.available.get(sku) ?? 0;
      if (avail >= qty) filled++;
      partialUnits += Math.min(avail, qty);
    }
    if (partialUnits === 0) continue;
    const d = shipTo ? distanceKm(shipTo, c) : null;
    const cand = { locationCode: c.code, linesFilled: filled, distanceKm: d, partialUnits, priority: c.priority };
    if (!best || better(cand, best)) best = cand;
  }
  if (!best) return { locationCode: null, linesFilled: 0, distanceKm: null };
  return { locationCode: best.locationCode, linesFilled: best.linesFilled, distanceKm: best.distanceKm };
}

type Ranked = LocationChoice & { partialUnits: number; priority: number };

function better(a: Ranked, b: Ranked): boolean {
  if (a.linesFilled !== b.linesFilled) return a.linesFilled > b.linesFilled;
  if (a.partialUnits !== b.partialUnits) return a.partialUnits > b.partialUnits;
  if (a.distanceKm !== null && b.distanceKm !== null && a.distanceKm !== b.distanceKm) return a.distanceKm < b.distanceKm;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.locationCode! < b.locationCode!;
}
