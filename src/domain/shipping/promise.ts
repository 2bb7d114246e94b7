import { addBusinessDays, isBusinessDay, localDate, localMinutes, parseClock, type BusinessCalendar, type LocalDate } from './calendar.js';
import { addDays } from '../local-time.js';

/** What a ship-from location contributes to a delivery promise. */
export interface ShipFrom {
  calendar: BusinessCalendar;
  /** Orders released before this local time (HH:MM) start processing the same business day. */
  cutoff: string;
  /** Business days between the start of processing and the hand-over to the carrier (0 = same day). */
  processingDays: number;
}

/** What a carrier service contributes: its own calendar and transit time in its business days. */
export interface TransitService {
  calendar: BusinessCalendar;
  transitDays: number;
}

export interface ShipDate {
  /** The local date processing starts at the location. */
  startDate: LocalDate;
  /** The local date the parcel is handed to the carrier. */
  shipDate: LocalDate;
  /** Why the start moved: 'after_cutoff', 'non_business_day' or null. */
  shifted: 'after_cutoff' | 'non_business_day' | null;
}

/**
 * The day a parcel leaves the location for an order released at `at`: released on a business day
 * before the cut-off → processing starts that day; otherwise on the next business day. Then
 * `processingDays` business days of work.
 */
export function shipDate(at: Date, from: ShipFrom): ShipDate {
  const today = localDate(at, from.calendar.timeZone);
  const beforeCutoff = localMinutes(at, from.calendar.timeZone) < parseClock(from.cutoff);
  let startDate: LocalDate;
  let shifted: ShipDate['shifted'] = null;
  if (!isBusinessDay(from.calendar, today)) {
    startDate = addBusinessDays(from.calendar, today, 0);
    shifted = 'non_business_day';
  } else if (beforeCutoff) {
    startDate = today;
  } else {
    startDate = addBusinessDays(from.calendar, addDays(today, 1), 0);
    shifted = 'after_cutoff';
  }
  return { startDate, shipDate: addBusinessDays(from.calendar, startDate, from.processingDays), shifted };
}

/**
 * Estimated delivery date: the carrier collects on the ship date (or its next working day) and
 * delivers `transitDays` of its business days later.
 */
export function deliveryDate(ship: LocalDate, service: TransitService): LocalDate {
  return addBusinessDays(service.calendar, ship, service.transitDays);
}

export interface DeliveryPromise {
  startDate: LocalDate;
  shipDate: LocalDate;
  deliveryDate: LocalDate;
  shifted: ShipDate['shifted'];
}

/** The promise for an order released at `at` from `from` with `service`. */
export function promiseFor(at: Date, from: ShipFrom, service: TransitService): DeliveryPromise {
  const s = shipDate(at, from);
  return { ...s, deliveryDate: deliveryDate(s.shipDate, service) };
}
