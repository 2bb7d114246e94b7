import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.js';

describe('sourcing configuration', () => {
  it('defaults to sourcing at placement in EUR', () => {
    expect(loadConfig({}).sourcing).toEqual({ at: 'placement', currency: 'EUR' });
  });
  it('reads ORDO_SOURCING_AT and ORDO_SOURCING_CURRENCY', () => {
    expect(loadConfig({ ORDO_SOURCING_AT: 'authorization', ORDO_SOURCING_CURRENCY: 'CHF' }).sourcing).toEqual({ at: 'authorization', currency: 'CHF' });
  });
  it('names each bad variable', () => {
    expect(() => loadConfig({ ORDO_SOURCING_AT: 'later', ORDO_SOURCING_CURRENCY: 'EURO' })).toThrow(ConfigError);
    try {
      loadConfig({ ORDO_SOURCING_AT: 'later', ORDO_SOURCING_CURRENCY: 'EURO' });
    } catch (e) {
      expect((e as Error).message).toMatch(/ORDO_SOURCING_AT/);
      expect((e as Error).message).toMatch(/ORDO_SOURCING_CURRENCY: must be an ISO 4217 currency code/);
    }
  });
});
