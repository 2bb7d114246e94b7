import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { carrierServices, carriers, locationShippingProfiles, locations } from '../../platform/db/schema/index.js';
import type { Db } from '../../platform/db/client.js';
import { notFound } from '../../platform/errors.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { shipDate } from '../../domain/shipping/promise.js';
import { rateShop, type RateOption, type ServiceOffer } from '../../domain/shipping/rate-shop.js';
import { profileOf, shipFromOf } from './shipping-profiles.js';
import type { QuoteJson, quoteBody, ShippingProfileJson } from './shipping.schemas.js';

/**
 * Rates a shipment from a location with every active service of every active carrier, and picks the
 * cheapest that meets the promised date (or the paid level): the numbers behind the checkout's
 * shipping options and behind the label purchase.
 */
export interface QuoteFilter {
  /** Only carriers with these adapters (labels are bought from the built-in table-rate carrier). */
  adapters?: ReadonlyArray<'table_rate' | 'easypost' | 'shippo'>;
  /** Only this carrier (and service). */
  carrier?: string | undefined;
  service?: string | undefined;
}

export async function quoteShipping(db: Db, now: Date, input: z.output<typeof quoteBody>, filter: QuoteFilter = {}): Promise<QuoteJson> {
  return quoteWith(await loadQuoteSetup(db, input.locationCode, filter), now, input);
}

/** What a quote from one location reads: the location, its shipping profile and the services on offer. */
export interface QuoteSetup {
  loc: typeof locations.$inferSelect;
  profile: ShippingProfileJson;
  offers: ServiceOffer[];
}

export async function loadQuoteSetup(db: Db, locationCode: string, filter: QuoteFilter = {}): Promise<QuoteSetup> {
  return (await loadQuoteSetups(db, [locationCode], filter)).get(locationCode)!;
}

/**
 * The quote setups of several locations in two reads: the locations with their shipping profiles (a location
 * without one gets the default), and the services on offer (the same for every location). Throws 404 for the
 * first code that names no location.
 */
export async function loadQuoteSetups(db: Db, locationCodes: readonly string[], filter: QuoteFilter = {}): Promise<Map<string, QuoteSetup>> {
  const codes = [...new Set(locationCodes)];
  if (codes.length === 0) return new Map();
  const locs = await db
    .select({ loc: locations, profile: locationShippingProfiles })
    .from(locations)
    .leftJoin(locationShippingProfiles, eq(locationShippingProfiles.locationCode, locations.code))
    .where(inArray(locations.code, codes));
  const byCode = new Map(locs.map((r) => [r.loc.code, r]));
  const missing = codes.find((c) => !byCode.has(c));
  if (missing !== undefined) throw notFound('Location', missing);
  const rows = await db
    .select({ s: carrierServices })
    .from(carrierServices)
    .innerJoin(carriers, eq(carriers.code, carrierServices.carrierCode))
    .where(
      and(
        eq(carriers.active, true),
        eq(carrierServices.active, true),
        filter.adapters ? inArray(carriers.adapter, [...filter.adapters]) : undefined,
        filter.carrier ? eq(carriers.code, filter.carrier) : undefined,
        filter.service ? eq(carrierServices.code, filter.service) : undefined,
      ),
    );
  const offers = (): ServiceOffer[] =>
    rows.map(({ s }) => ({
      carrier: s.carrierCode,
      service: s.code,
      level: s.level,
      rates: s.rates,
      transit: { calendar: s.calendar, transitDays: s.transitDays },
    }));
  return new Map(codes.map((code) => {
    const { loc, profile } = byCode.get(code)!;
    return [code, { loc, profile: profileOf(code, profile), offers: offers() }];
  }));
}

/** The last ship date computed per setup: a batch of promises quotes many orders from one setup at one instant. */
const lastShipDate = new WeakMap<QuoteSetup, { at: number; ship: ReturnType<typeof shipDate> }>();
function shipDateFrom(setup: QuoteSetup, at: Date): ReturnType<typeof shipDate> {
  const last = lastShipDate.get(setup);
  if (last?.at === at.getTime()) return last.ship;
  const ship = shipDate(at, shipFromOf(setup.profile));
  lastShipDate.set(setup, { at: at.getTime(), ship });
  return ship;
}

/** The quote itself, without reading anything (`input.locationCode` is the setup's location). */
export function quoteWith(setup: QuoteSetup, now: Date, input: z.output<typeof quoteBody>): QuoteJson {
  const { loc, offers } = setup;
  const ship = shipDateFrom(setup, input.releasedAt ? new Date(input.releasedAt) : now);
  const address = loc.address as { country: string };
  const result = rateShop({
    offers,
    parcels: input.parcels,
    route: { from: { latitude: loc.latitude, longitude: loc.longitude, country: address.country }, to: input.shipTo, residential: input.shipTo.residential },
    shipDate: ship.shipDate,
    promisedDate: input.promisedDate,
    level: input.level,
  });
  const option = (o: RateOption) => {
    const m = (amount: number) => moneyJson({ amount: BigInt(amount), currency: o.currency });
    return {
      carrier: o.carrier,
      service: o.service,
      level: o.level,
      total: m(o.total),
      parcels: o.parcels.map((p) => ({ ...p, base: m(p.base), fuel: m(p.fuel), residential: m(p.residential), total: m(p.total) })),
      shipDate: ship.shipDate,
      deliveryDate: o.deliveryDate,
      meetsPromise: o.meetsPromise,
    };
  };
  return {
    locationCode: loc.code,
    startDate: ship.startDate,
    shipDate: ship.shipDate,
    shifted: ship.shifted,
    options: result.options.map(option),
    ineligible: result.ineligible,
    chosen: result.chosen ? option(result.chosen) : null,
    reason: result.reason,
  };
}
