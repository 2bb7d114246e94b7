import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.js';

const errorOf = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('loadConfig accepted a bad environment');
};

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: './.ordo/data',
      devApiKey: undefined,
      adminEmail: undefined,
      natsUrl: undefined,
      logLevel: 'info',
      dbPoolSize: 10,
      outboxPollMs: 500,
      rateLimitPerMinute: 0,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@db:5432/ordo', ORDO_DATA_DIR: '/var/lib/ordo',
      ORDO_DEV_API_KEY: 'dev-key-0123456789', ORDO_ADMIN_EMAIL: 'ops@example.com', ORDO_ADMIN_PASSWORD: 'correct horse battery',
      NATS_URL: 'nats://127.0.0.1:4222', LOG_LEVEL: 'debug', ORDO_DB_POOL_SIZE: '20', ORDO_OUTBOX_POLL_MS: '250',
      ORDO_RATE_LIMIT_PER_MINUTE: '600',
    });
    expect(c).toMatchObject({
      port: 8080, host: '0.0.0.0', databaseUrl: 'postgres://u@db:5432/ordo', dataDir: '/var/lib/ordo', devApiKey: 'dev-key-0123456789',
      adminEmail: 'ops@example.com', natsUrl: 'nats://127.0.0.1:4222', logLevel: 'debug', dbPoolSize: 20, outboxPollMs: 250, rateLimitPerMinute: 600,
    });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '80.5' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/ordo' }],
    ['ORDO_DEV_API_KEY', { ORDO_DEV_API_KEY: 'short' }],
    ['NATS_URL', { NATS_URL: 'http://127.0.0.1:4222' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['ORDO_ADMIN_PASSWORD', { ORDO_ADMIN_EMAIL: 'ops@example.com', ORDO_ADMIN_PASSWORD: 'short' }],
  ])('names %s when it is invalid', (name, env) => {
    const e = errorOf(env);
    expect(e.message).toContain(`${name}:`);
  });

  it('names every bad variable at once', () => {
    const e = errorOf({ PORT: 'abc', DATABASE_URL: 'nope' });
    expect(e.message).toContain('PORT:');
    expect(e.message).toContain('DATABASE_URL:');
  });

  it('refuses ORDO_ADMIN_EMAIL without ORDO_ADMIN_PASSWORD, and the reverse', () => {
    expect(errorOf({ ORDO_ADMIN_EMAIL: 'ops@example.com' }).message).toMatch(/ORDO_ADMIN_EMAIL and ORDO_ADMIN_PASSWORD/);
    expect(errorOf({ ORDO_ADMIN_PASSWORD: 'correct horse battery' }).message).toMatch(/ORDO_ADMIN_EMAIL and ORDO_ADMIN_PASSWORD/);
  });
});
