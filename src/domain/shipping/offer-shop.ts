import { addDays, type LocalDate } from '../local-time.js';

/** A priced offer of an aggregator (EasyPost, Shippo): price in minor units, an estimate of days in transit. */
export interface PricedOffer {
  rateId: string;
  carrier: string;
  service: string;
  amount: bigint;
  currency: string;
  estimatedDays: number | null;
  /** The provider's delivery date, when it gives one (wins over estimatedDays). */
  deliveryDate: LocalDate | null;
}

export interface ShopOffersInput {
  offers: readonly PricedOffer[];
  shipDate: LocalDate;
  promisedDate?: LocalDate | undefined;
  /** Only this service (the provider's service name or token, case-insensitive). */
  service?: string | undefined;
}

export interface ShoppedOffer extends PricedOffer {
  /** Null when the provider gives neither a date nor a number of days. */
  deliveryDate: LocalDate | null;
  meetsPromise: boolean;
}

export interface ShopOffersResult {
  options: ShoppedOffer[];
  chosen: ShoppedOffer | null;
  reason: string;
}

const cmpAmount = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Rate shopping over an aggregator's offers: the cheapest delivering by the promised date; without a
 * promise the cheapest; when none can keep the promise, the earliest known delivery (flagged late).
 * Offers in another currency than the first are left out (they cannot be compared without FX).
 */
export function shopOffers(input: ShopOffersInput): ShopOffersResult {
  const currency = input.offers[0]?.currency;
  const options: ShoppedOffer[] = input.offers
    .filter((o) => o.currency === currency && (!input.service || o.service.toLowerCase() === input.service.toLowerCase()))
    .map((o) => {
      const deliveryDate = o.deliveryDate ?? (o.estimatedDays === null ? null : addDays(input.shipDate, o.estimatedDays));
      return { ...o, deliveryDate, meetsPromise: !input.promisedDate || (deliveryDate !== null && deliveryDate <= input.promisedDate) };
    })
    .sort((a, b) => cmpAmount(a.amount, b.amount) || (a.deliveryDate ?? '9999').localeCompare(b.deliveryDate ?? '9999') || `${a.carrier}/${a.service}`.localeCompare(`${b.carrier}/${b.service}`));
  if (!options.length) return { options, chosen: null, reason: input.service ? `the provider offers no ${input.service} rate` : 'the provider returned no rate' };
  const keeping = options.filter((o) => o.meetsPromise);
  if (keeping.length) {
    const c = keeping[0]!;
    return { options, chosen: c, reason: input.promisedDate ? `cheapest offer delivering by ${input.promisedDate}` : input.service ? `the requested service ${c.service}` : 'cheapest offer' };
  }
  const dated = options.filter((o) => o.deliveryDate !== null).sort((a, b) => a.deliveryDate!.localeCompare(b.deliveryDate!) || cmpAmount(a.amount, b.amount));
  const c = dated[0] ?? options[0]!;
  return { options, chosen: c, reason: `no offer delivers by ${input.promisedDate}: earliest delivery chosen (late)` };
}
