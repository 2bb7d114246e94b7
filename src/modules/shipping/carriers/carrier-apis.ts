import type { CarrierAdapter } from './adapter.js';
import { easypostAdapter, type EasypostSettings } from './easypost-adapter.js';
import { shippoAdapter, type ShippoSettings } from './shippo-adapter.js';

/** The aggregator adapters this installation has keys for (EASYPOST_API_KEY, SHIPPO_API_KEY). */
export interface CarrierApis {
  easypost?: CarrierAdapter | undefined;
  shippo?: CarrierAdapter | undefined;
}

export interface CarrierApiSettings {
  easypost?: EasypostSettings | undefined;
  shippo?: ShippoSettings | undefined;
}

export function createCarrierApis(s: CarrierApiSettings): CarrierApis {
  return { easypost: s.easypost ? easypostAdapter(s.easypost) : undefined, shippo: s.shippo ? shippoAdapter(s.shippo) : undefined };
}
