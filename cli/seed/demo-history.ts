import type { Clock } from '../../src/platform/clock.js';
import { between } from './prng.js';

/**
 * The demo business's 13 months of history: when each order was placed (growth, a Christmas peak,
 * a weekly pattern, shop hours) and which products sell in which season. Pure and seeded.
 */
export const historyDays = 13 * 31 - 8; // 395 days ≈ 13 months

/** Month factor (index 0 = January): spring/summer garden season, a November–December peak. */
const monthFactor = [0.75, 0.7, 0.85, 0.95, 1.05, 1.0, 0.95, 0.9, 0.95, 1.05, 1.45, 1.75];
/** Weekday factor (index 0 = Sunday): online shopping peaks Sunday evening and Monday, dips Saturday. */
const weekdayFactor = [1.25, 1.2, 1.05, 1.0, 0.95, 0.85, 0.7];
/** Hour of day weights 0–23 (local hours, approximated as UTC). */
const hourWeight = [1, 0, 0, 0, 0, 1, 2, 4, 6, 7, 8, 8, 9, 8, 7, 7, 8, 9, 10, 11, 11, 9, 6, 3];

const day = 86_400_000;

/** `count` placement instants in [end − historyDays, end), ascending; volume grows ~40% over the period. */
export function orderTimes(r: () => number, end: Date, count: number): Date[] {
  const start = end.getTime() - historyDays * day;
  const out: number[] = [];
  const maxWeight = 1.75 * 1.25 * 1.4;
  while (out.length < count) {
    const d = Math.floor(r() * historyDays);
    const date = new Date(start + d * day);
    const w = monthFactor[date.getUTCMonth()]! * weekdayFactor[date.getUTCDay()]! * (1 + 0.4 * (d / historyDays));
    if (r() * maxWeight > w) continue;
    const hourTotal = hourWeight.reduce((s, x) => s + x, 0);
    let h = r() * hourTotal;
    let hour = 0;
    for (; hour < 23 && h >= hourWeight[hour]!; hour++) h -= hourWeight[hour]!;
    const t = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), hour, between(r, 0, 59), between(r, 0, 59));
    if (t < end.getTime() - 60_000) out.push(t);
  }
  return out.sort((a, b) => a - b).map((t) => new Date(t));
}

/** How much a SKU's category sells in a month, relative to the year: garden and outdoor in summer, home and tea in winter. */
export function seasonalWeight(sku: string, month: number): number {
  const summer = Math.cos(((month - 6) / 12) * 2 * Math.PI); // +1 in July, −1 in January
  if (sku.startsWith('GAR-') || sku.startsWith('OUT-')) return Math.max(0.15, 1 + 0.85 * summer);
  if (sku.startsWith('HOM-') || sku.startsWith('TEA-')) return Math.max(0.3, 1 - 0.5 * summer);
  return 1;
}

/** Picks a SKU with the season's weights; a few SKUs are steady sellers (×3). */
export function pickSeasonal(r: () => number, skus: readonly string[], month: number): string {
  const weights = skus.map((s, i) => seasonalWeight(s, month) * (i % 7 === 0 ? 3 : 1));
  let x = r() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < skus.length; i++) {
    x -= weights[i]!;
    if (x < 0) return skus[i]!;
  }
  return skus[skus.length - 1]!;
}

/**
 * Points `clock` at a chosen instant while the seed writes history (each reading one millisecond
 * later, so records keep their order); `restore()` gives the clock back its own time.
 */
export function steerClock(clock: Clock): { set(at: Date): void; restore(): void } {
  const own = clock.now;
  let t: number | null = null;
  clock.now = () => (t === null ? own.call(clock) : new Date(t++));
  return {
    set: (at) => {
      t = at.getTime();
    },
    restore: () => {
      clock.now = own;
    },
  };
}

/** EU neighbours the shop ships to: [country, city, postal code, latitude, longitude, streets]. */
export const demoForeignCities: Array<[string, string, string, number, number, string[]]> = [
  ['AT', 'Wien', '1070', 48.2027, 16.3493, ['Neubaugasse', 'Mariahilfer Straße', 'Zieglergasse']],
  ['AT', 'Salzburg', '5020', 47.8027, 13.0448, ['Linzer Gasse', 'Getreidegasse']],
  ['NL', 'Amsterdam', '1015 CJ', 52.3765, 4.8846, ['Prinsengracht', 'Westerstraat']],
  ['FR', 'Strasbourg', '67000', 48.5818, 7.7509, ['Rue des Juifs', 'Grand Rue']],
  ['BE', 'Antwerpen', '2000', 51.2192, 4.4025, ['Meir', 'Kammenstraat']],
  ['DK', 'København', '1620', 55.6723, 12.5534, ['Vesterbrogade', 'Istedgade']],
];

/**
 * Customs profiles of those neighbours: inside the EU no duty and no import VAT (the shop charges VAT), but a
 * label abroad needs a profile (docs/shipping.md, customs). Denmark declares in DKK, so an EUR→DKK rate too.
 */
export const demoCustomsDestinations = [...new Set(demoForeignCities.map(([country]) => country))].map((country) => ({
  country,
  body: { currency: country === 'DK' ? 'DKK' : 'EUR', defaultDutyBp: 0, vatBp: 0, vatOnShipping: false, cn22MaxValue: 30_000, defaultIncoterm: 'DDP' },
}));
export const demoFxRates = [{ from: 'EUR', to: 'DKK', rate: '7.4600' }];

/** Suppliers: code, name, e-mail, SKU prefixes supplied, lead time days, MOQ, pack size, cost as a share of the price. */
export const demoSuppliers: Array<{ code: string; name: string; email: string; prefixes: string[]; leadTimeDays: number; moq: number; packSize: number; costShare: number }> = [
  { code: 'RHEIN-KUECHE', name: 'Rheinland Küchenwaren GmbH', email: 'orders@rheinland-kuechenwaren.example', prefixes: ['KIT-', 'COF-', 'TEA-'], leadTimeDays: 7, moq: 6, packSize: 6, costShare: 0.45 },
  { code: 'NORD-TEXTIL', name: 'Nordsee Textil & Wohnen KG', email: 'einkauf@nordsee-textil.example', prefixes: ['HOM-', 'BTH-'], leadTimeDays: 14, moq: 4, packSize: 4, costShare: 0.4 },
  { code: 'GARTEN-IMPORT', name: 'Garten & Freizeit Import GmbH', email: 'dispo@garten-import.example', prefixes: ['GAR-', 'OUT-'], leadTimeDays: 21, moq: 2, packSize: 2, costShare: 0.5 },
  // A second, slower source for the kitchen range: the trigger picks the one with the shortest lead time.
  { code: 'ASIA-DIRECT', name: 'Asia Direct Sourcing Ltd.', email: 'sales@asia-direct.example', prefixes: ['KIT-', 'COF-'], leadTimeDays: 45, moq: 24, packSize: 12, costShare: 0.3 },
];
