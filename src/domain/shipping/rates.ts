import { distanceKm } from '../geo.js';

/**
 * A carrier service's price list: a zone from the destination (by country, else by distance band),
 * a price per zone and weight break, a dimensional-weight divisor, fuel and residential surcharges.
 * Every amount is integer minor units of `currency`; percentages are basis points (1 % = 100 bp).
 */
export interface RateTable {
  currency: string;
  /** Destination country → zone. Checked first. */
  countryZones?: Readonly<Record<string, string>>;
  /** Distance bands (km, ascending `maxKm`) → zone, for destinations not listed by country. */
  distanceZones?: ReadonlyArray<{ maxKm: number; zone: string }>;
  /** Ascending weight breaks: price per zone for billable weights up to `maxGrams`. */
  weightBreaks: ReadonlyArray<{ maxGrams: number; prices: Readonly<Record<string, number>> }>;
  /** Beyond the last break: price per started extra kilogram, per zone (absent = too heavy). */
  perExtraKg?: Readonly<Record<string, number>>;
  /** cm³ per kg (5000 for most express carriers, 6000 for some ground services); absent = no dim weight. */
  dimDivisor?: number;
  fuelSurchargeBp?: number;
  residentialSurcharge?: number;
  /** Heaviest billable parcel the service takes. */
  maxWeightGrams?: number;
}

export interface Parcel {
  weightGrams: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

export interface Route {
  from: { latitude: number; longitude: number; country: string };
  to: { latitude?: number | undefined; longitude?: number | undefined; country: string };
  residential: boolean;
}

export interface RateBreakdown {
  zone: string;
  actualGrams: number;
  dimensionalGrams: number;
  billableGrams: number;
  base: number;
  fuel: number;
  residential: number;
  total: number;
}

export type RateResult = { ok: true; rate: RateBreakdown } | { ok: false; reason: string };

/** Dimensional weight in grams: volume (cm³) / divisor (cm³ per kg), rounded up to the gram. */
export function dimensionalGrams(p: Parcel, divisor: number): number {
  const mm3 = p.lengthMm * p.widthMm * p.heightMm;
  // mm³ / 1000 = cm³; cm³ / divisor = kg; kg × 1000 = g  ⇒  g = mm³ / divisor.
  return Math.ceil(mm3 / divisor);
}

export function zoneFor(table: RateTable, route: Route): string | null {
  const byCountry = table.countryZones?.[route.to.country];
  if (byCountry) return byCountry;
  if (!table.distanceZones?.length) return null;
  if (route.to.latitude === undefined || route.to.longitude === undefined) return null;
  const km = distanceKm(route.from, { latitude: route.to.latitude, longitude: route.to.longitude });
  return table.distanceZones.find((b) => km <= b.maxKm)?.zone ?? null;
}

/** Basis points of an amount, rounded half up (amounts are non-negative). */
const bp = (amount: number, points: number) => Math.floor((amount * points + 5000) / 10000);

/** The price of one parcel on one route, with how it was reached; or why the service cannot take it. */
export function rateParcel(table: RateTable, parcel: Parcel, route: Route): RateResult {
  if (parcel.weightGrams <= 0) return { ok: false, reason: 'parcel weight must be positive' };
  const zone = zoneFor(table, route);
  if (zone === null) return { ok: false, reason: `no zone for ${route.to.country}` };
  const dim = table.dimDivisor ? dimensionalGrams(parcel, table.dimDivisor) : 0;
  const billable = Math.max(parcel.weightGrams, dim);
  if (table.maxWeightGrams !== undefined && billable > table.maxWeightGrams) {
    return { ok: false, reason: `billable weight ${billable} g is over the ${table.maxWeightGrams} g limit` };
  }
  let base: number | undefined;
  const brk = table.weightBreaks.find((b) => billable <= b.maxGrams);
  if (brk) base = brk.prices[zone];
  else {
    const last = table.weightBreaks.at(-1);
    const extra = table.perExtraKg?.[zone];
    const lastPrice = last?.prices[zone];
    if (last && extra !== undefined && lastPrice !== undefined) base = lastPrice + Math.ceil((billable - last.maxGrams) / 1000) * extra;
  }
  if (base === undefined) return { ok: false, reason: `no price for zone ${zone} at ${billable} g` };
  const fuel = bp(base, table.fuelSurchargeBp ?? 0);
  const residential = route.residential ? (table.residentialSurcharge ?? 0) : 0;
  return {
    ok: true,
    rate: { zone, actualGrams: parcel.weightGrams, dimensionalGrams: dim, billableGrams: billable, base, fuel, residential, total: base + fuel + residential },
  };
}
