import type { Db } from './db/client.js';
import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';
import type { Actor } from './auth/roles.js';
import type { PaymentGateways } from '../modules/payments/payment-gateways.js';
import type { CarrierApis } from '../modules/shipping/carriers/carrier-apis.js';
import type { SecretBox } from '../modules/channels/secret-box.js';

/** Infrastructure a use case needs; built once in the composition root (app.ts). */
export interface Deps {
  db: Db;
  clock: Clock;
  newId: IdGenerator;
  /** Payment gateways (sandbox, Stripe); set by buildApp. */
  payments?: PaymentGateways;
  /** EasyPost / Shippo adapters (set by buildApp when their API keys are configured). */
  carrierApis?: CarrierApis;
  /** ORDO_SOURCING_AT / ORDO_SOURCING_CURRENCY; absent = placement, EUR. */
  sourcing?: SourcingEnv;
  /** Encrypts channel connector credentials at rest (ORDO_SECRET_KEY or the key file); set by buildApp. */
  channelSecrets?: SecretBox;
  /** Base URL of links in customer messages (ORDO_PUBLIC_URL); set by buildApp. */
  publicUrl?: string;
  /** ORDO_TIME_ZONE, the shop's time zone (reports); absent = UTC. */
  timeZone?: string;
}

/** When sourcing runs for orders with payments, and the currency of sourcing costs. */
export interface SourcingEnv {
  at: 'placement' | 'authorization';
  currency: string;
}

/** Who asks, and the request id that ties logs, audit rows and events together. */
export interface Caller {
  actor: Actor;
  requestId?: string | undefined;
}

export type Ctx = Deps & Caller;
