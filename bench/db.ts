import pg from 'pg';
import { prng, randInt, skuOf } from './prng.js';

/** The maintenance database URL (same server, database `postgres`) for DROP/CREATE DATABASE. */
function adminUrl(databaseUrl: string): { admin: string; name: string } {
  const u = new URL(databaseUrl);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing to drop database "${name}": use a plain name such as ordo_bench`);
  u.pathname = '/postgres';
  return { admin: u.toString(), name };
}

export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const { admin, name } = adminUrl(databaseUrl);
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  } finally {
    await c.end();
  }
}

export async function withClient<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Warehouses with coordinates; FRA is the central DC that stocks every SKU, the others 1–3 random subsets. */
export const benchLocations = [
  { code: 'FRA', name: 'Frankfurt DC', city: 'Frankfurt', postalCode: '60313', latitude: 50.1109, longitude: 8.6821, priority: 10 },
  { code: 'BER', name: 'Berlin store', city: 'Berlin', postalCode: '10115', latitude: 52.52, longitude: 13.405, priority: 100 },
  { code: 'HAM', name: 'Hamburg store', city: 'Hamburg', postalCode: '20095', latitude: 53.5511, longitude: 9.9937, priority: 100 },
  { code: 'MUC', name: 'Munich store', city: 'Munich', postalCode: '80331', latitude: 48.1351, longitude: 11.582, priority: 100 },
] as const;

export const ON_HAND = 1_000_000_000;

export interface SeedSummary {
  products: number;
  locations: number;
  levels: number;
  ms: number;
}

/**
 * Seeds directly with SQL (the schema comes from the server's own migrations): products, locations,
 * and for every SKU a level at FRA plus 1–3 of the other locations (2–4 in all), each with a huge
 * on_hand and exactly one `receipt` movement of the same size, so ledger sum = on_hand.
 */
export async function seed(databaseUrl: string, opts: { skus: number; seed: number }): Promise<SeedSummary> {
  const t0 = performance.now();
  const rnd = prng(opts.seed ^ 0x5eed);
  const skus: string[] = [];
  const locs: string[] = [];
  for (let i = 1; i <= opts.skus; i++) {
    const sku = skuOf(i);
    skus.push(sku);
    locs.push('FRA');
    const others = ['BER', 'HAM', 'MUC'].sort(() => rnd() - 0.5).slice(0, randInt(rnd, 1, 3));
    for (const code of others) {
      skus.push(sku);
      locs.push(code);
    }
  }
  await withClient(databaseUrl, async (c) => {
    await c.query('begin');
    await c.query(
      `insert into products (sku, name, price_amount, currency, weight_grams, created_at, updated_at)
       select 'SKU-' || lpad(i::text, 5, '0'), 'Bench product ' || i, 500 + (i * 7919) % 20000, 'EUR', 100 + i % 900, now(), now()
       from generate_series(1, $1::int) i`,
      [opts.skus],
    );
    for (const l of benchLocations) {
      await c.query(
        `insert into locations (code, name, type, address, latitude, longitude, priority, created_at, updated_at)
         values ($1, $2, 'warehouse', $3, $4, $5, $6, now(), now())`,
        [l.code, l.name, JSON.stringify({ line1: 'Benchstraße 1', city: l.city, postalCode: l.postalCode, country: 'DE' }), l.latitude, l.longitude, l.priority],
      );
    }
    await c.query(
      `insert into inventory_levels (sku, location_code, on_hand, updated_at)
       select s, l, $3::int, now() from unnest($1::text[], $2::text[]) as t(s, l)`,
      [skus, locs, ON_HAND],
    );
    await c.query(
      `insert into inventory_movements (sku, location_code, delta, reason, reference_type, reference_id, actor, created_at)
       select s, l, $3::int, 'receipt', 'bench', 'seed', 'bench', now() from unnest($1::text[], $2::text[]) as t(s, l)`,
      [skus, locs, ON_HAND],
    );
    await c.query('commit');
    await c.query('vacuum analyze');
  });
  return { products: opts.skus, locations: benchLocations.length, levels: skus.length, ms: Math.round(performance.now() - t0) };
}
