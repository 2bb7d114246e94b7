import type { Clock } from '../../platform/clock.js';
import type { PaymentProviderName } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import type { PaymentProvider } from './providers/provider.js';
import { createSandboxProvider } from './providers/sandbox.js';
import { createStripeProvider, type StripeSettings } from './providers/stripe.js';
import { createCashProvider } from './providers/cash.js';

export interface PaymentSettings {
  /** Minutes an order whose payment failed waits for a successful retry before it is cancelled. */
  retryMinutes: number;
  /** Channels whose orders are captured at authorization instead of at shipment (e.g. pos, phone). */
  captureAtPlacementChannels: readonly string[];
  sandboxWebhookSecret: string;
  stripe?: StripeSettings | undefined;
}

/** For tests and buildApp without settings only: a server (src/server.ts) never uses it. */
export const devSandboxWebhookSecret = 'whsec_ordo_sandbox_dev_only';

export const defaultPaymentSettings: PaymentSettings = {
  retryMinutes: 30,
  captureAtPlacementChannels: [],
  sandboxWebhookSecret: devSandboxWebhookSecret,
};

/** Providers whose operations are answered in process (cash at a till): recorded inside the use case's transaction. */
export const settlesInProcess = (name: PaymentProviderName): boolean => name === 'cash';

/** The configured gateways; built once in the composition root and passed down in Deps. */
export interface PaymentGateways {
  settings: PaymentSettings;
  provider(name: PaymentProviderName): PaymentProvider;
  configured(name: PaymentProviderName): boolean;
}

export function createPaymentGateways(settings: PaymentSettings, clock: Clock): PaymentGateways {
  const sandbox = createSandboxProvider({ webhookSecret: settings.sandboxWebhookSecret, clock });
  const stripe = settings.stripe ? createStripeProvider(settings.stripe) : undefined;
  const cash = createCashProvider();
  return {
    settings,
    configured: (name) => name === 'sandbox' || name === 'cash' || (name === 'stripe' && stripe !== undefined),
    provider(name) {
      if (name === 'sandbox') return sandbox;
      if (name === 'cash') return cash;
      if (name === 'stripe' && stripe) return stripe;
      throw new AppError('business_rule', `Payment provider ${name} is not configured (set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)`);
    },
  };
}
