import type { LocalDate } from '../local-time.js';
import { deliveryDate, type TransitService } from './promise.js';
import { rateParcel, type Parcel, type RateBreakdown, type RateTable, type Route } from './rates.js';

/** A carrier service that can be bought: its price list and its transit time. */
export interface ServiceOffer {
  carrier: string;
  service: string;
  /** What the customer can pay for: 'standard', 'express', 'overnight', … */
  level: string;
  rates: RateTable;
  transit: TransitService;
}

export interface RateOption {
  carrier: string;
  service: string;
  level: string;
  currency: string;
  /** Sum over the shipment's parcels. */
  total: number;
  parcels: RateBreakdown[];
  deliveryDate: LocalDate;
  meetsPromise: boolean;
}

export interface Ineligible {
  carrier: string;
  service: string;
  reason: string;
}

export interface RateShopResult {
  options: RateOption[];
  ineligible: Ineligible[];
  chosen: RateOption | null;
  /** Why `chosen` was picked, in one sentence a support agent can repeat. */
  reason: string;
}

export interface RateShopInput {
  offers: readonly ServiceOffer[];
  parcels: readonly Parcel[];
  route: Route;
  shipDate: LocalDate;
  /** The delivery date promised to the customer, if any. */
  promisedDate?: LocalDate | undefined;
  /** The shipping level the customer paid for, if any: only services of that level are considered. */
  level?: string | undefined;
}

const byPriceThenDate = (a: RateOption, b: RateOption) =>
  a.total - b.total || a.deliveryDate.localeCompare(b.deliveryDate) || `${a.carrier}/${a.service}`.localeCompare(`${b.carrier}/${b.service}`);
const byDateThenPrice = (a: RateOption, b: RateOption) => a.deliveryDate.localeCompare(b.deliveryDate) || byPriceThenDate(a, b);

/**
 * Rates every offer for the whole shipment and chooses: among services of the paid level (if any),
 * the cheapest that delivers by the promised date; when none can, the earliest delivery (late).
 * Options are compared in one currency; an offer priced in another is ineligible (convert first).
 */
export function rateShop(input: RateShopInput): RateShopResult {
  const options: RateOption[] = [];
  const ineligible: Ineligible[] = [];
  const currency = input.offers[0]?.rates.currency;
  for (const o of input.offers) {
    const id = { carrier: o.carrier, service: o.service };
    if (input.level && o.level !== input.level) {
      ineligible.push({ ...id, reason: `level ${o.level}, the customer paid for ${input.level}` });
      continue;
    }
    if (o.rates.currency !== currency) {
      ineligible.push({ ...id, reason: `priced in ${o.rates.currency}, not ${currency}` });
      continue;
    }
    const parcels: RateBreakdown[] = [];
    let failure: string | undefined;
    for (const p of input.parcels) {
      const r = rateParcel(o.rates, p, input.route);
      if (!r.ok) {
        failure = r.reason;
        break;
      }
      parcels.push(r.rate);
    }
    if (failure !== undefined || parcels.length === 0) {
      ineligible.push({ ...id, reason: failure ?? 'no parcels' });
      continue;
    }
    const date = deliveryDate(input.shipDate, o.transit);
    options.push({
      ...id,
      level: o.level,
      currency: o.rates.currency,
      total: parcels.reduce((s, p) => s + p.total, 0),
      parcels,
      deliveryDate: date,
      meetsPromise: input.promisedDate === undefined || date <= input.promisedDate,
    });
  }
  options.sort(byPriceThenDate);
  const onTime = options.filter((o) => o.meetsPromise);
  if (onTime.length) {
    const chosen = onTime[0]!;
    const reason = input.promisedDate
      ? `cheapest of ${onTime.length} service(s) delivering by ${input.promisedDate}`
      : `cheapest of ${options.length} eligible service(s)`;
    return { options, ineligible, chosen, reason };
  }
  if (options.length) {
    const chosen = [...options].sort(byDateThenPrice)[0]!;
    return { options, ineligible, chosen, reason: `no service delivers by ${input.promisedDate}; earliest delivery ${chosen.deliveryDate} chosen` };
  }
  return { options, ineligible, chosen: null, reason: 'no eligible service' };
}
