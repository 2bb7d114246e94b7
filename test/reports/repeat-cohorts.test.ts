import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { placeOrder } from '../fulfillment/support.js';
import { ok } from '../shipping/support.js';
import { guestEmails } from '../../src/modules/customers/index.js';

/**
 * Repeat-purchase cohorts through the API: orders placed at pinned instants (some just across a Berlin month end,
 * one wholly cancelled, some of the shared guest customer), and the cohorts computed here, in TypeScript, from the
 * list of orders this test placed — not by the report's SQL.
 */
let now = new Date('2025-12-10T10:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
const tz = 'Europe/Berlin';
const guest = guestEmails[0];

type Placed = { email: string; at: Date; channel: string; cancelled: boolean };
const placed: Placed[] = [];
const plan: Array<[string, string, string?, 'cancel'?]> = [
  ['eve@example.com', '2025-12-10T10:00:00Z'],
  ['ada@example.com', '2026-01-10T10:00:00Z'],
  ['eve@example.com', '2026-01-11T10:00:00Z'],
  [guest, '2026-01-12T10:00:00Z'],
  ['fay@example.com', '2026-01-15T10:00:00Z', 'phone'],
  ['cyd@example.com', '2026-01-20T10:00:00Z'],
  ['cyd@example.com', '2026-01-25T10:00:00Z'],
  ['bob@example.com', '2026-01-31T23:30:00Z'], // 1 February, 00:30 in Berlin
  ['ada@example.com', '2026-02-05T10:00:00Z'],
  ['dan@example.com', '2026-02-10T10:00:00Z'],
  [guest, '2026-02-12T10:00:00Z'],
  ['bob@example.com', '2026-03-02T10:00:00Z'],
  ['dan@example.com', '2026-03-05T10:00:00Z', 'web', 'cancel'],
  ['fay@example.com', '2026-03-10T10:00:00Z'],
  ['ada@example.com', '2026-03-31T22:30:00Z'], // 1 April, 00:30 in Berlin
];

beforeAll(async () => {
  t = await testApp({ clock, app: { timeZone: tz } });
  await makeLocation(t, { code: 'BER' });
  await makeProduct(t, { sku: 'TEE', name: 'Tee' });
  await receiveStock(t, 'TEE', 'BER', 100);
  for (const [email, at, channel = 'web', cancel] of plan) {
    now = new Date(at);
    const o = await placeOrder(t, [{ sku: 'TEE', quantity: 1 }], { channel, customer: { email, name: email.slice(0, 3) } });
    if (cancel) await ok(t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'test' }));
    placed.push({ email, at: new Date(at), channel, cancelled: !!cancel });
    await t.drain();
  }
  now = new Date('2026-04-15T10:00:00Z');
}, 120_000);
afterAll(() => t?.close());

const localDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const share = (n: number, of: number) => (of ? Math.round((n / of) * 10_000) / 10_000 : null);

/** The cohorts of the definitions in docs/reports.md, counted one order at a time. */
function expected(from: string, to: string, months: number, keep: (p: Placed) => boolean = () => true) {
  const purchases = placed.filter((p) => !p.cancelled && p.email !== guest && keep(p));
  const byCustomer = new Map<string, string[]>();
  for (const p of purchases) byCustomer.set(p.email, [...(byCustomer.get(p.email) ?? []), localDay(p.at)]);
  const cohorts = new Map<string, { customers: number; repeat: number; later: number[] }>();
  for (const days of byCustomer.values()) {
    days.sort();
    if (days[0]! < from || days[0]! > to) continue;
    const month = days[0]!.slice(0, 7);
    const c = cohorts.get(month) ?? { customers: 0, repeat: 0, later: Array(months + 1).fill(0) };
    c.customers++;
    if (days.length > 1) c.repeat++;
    const offsets = new Set(days.map((d) => monthIndex(d.slice(0, 7)) - monthIndex(month)).filter((k) => k >= 1 && k <= months));
    for (const k of offsets) c.later[k]!++;
    cohorts.set(month, c);
  }
  const open = (m: string) => monthIndex('2026-04') - monthIndex(m);
  const rows = [...cohorts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, c]) => ({
    month, customers: c.customers, repeatCustomers: c.repeat, repeatRate: share(c.repeat, c.customers),
    retention: Array.from({ length: months }, (_, i) => (i + 1 > open(month) ? { offset: i + 1, customers: null, share: null } : { offset: i + 1, customers: c.later[i + 1]!, share: share(c.later[i + 1]!, c.customers) })),
  }));
  const customers = rows.reduce((a, r) => a + r.customers, 0);
  const repeat = rows.reduce((a, r) => a + r.repeatCustomers, 0);
  const guests = placed.filter((p) => p.email === guest && keep(p) && localDay(p.at) >= from && localDay(p.at) <= to).length;
  return { guestOrdersExcluded: guests, cohorts: rows, totals: { customers, repeatCustomers: repeat, repeatRate: share(repeat, customers) } };
}

describe('GET /reports/cohorts', () => {
  it('groups customers by the local month of their first order and follows them month by month', async () => {
    const r = await ok(t.api('GET', '/api/v1/reports/cohorts?from=2026-01-01&to=2026-02-28&months=4'));
    const want = expected('2026-01-01', '2026-02-28', 4);
    expect(r).toEqual({ from: '2026-01-01', to: '2026-02-28', months: 4, timeZone: tz, ...want });
    // Not vacuous: the figures this test means to pin.
    expect(want.cohorts.map((c) => [c.month, c.customers, c.repeatCustomers])).toEqual([['2026-01', 3, 3], ['2026-02', 2, 1]]);
    expect(want.cohorts[0]!.retention.map((x) => x.customers)).toEqual([1, 1, 1, null]); // ada in Feb and April, fay in March; May not begun
    expect(want.guestOrdersExcluded).toBe(2);
  });

  it('filters the orders that count by channel, and answers CSV', async () => {
    const web = await ok(t.api('GET', '/api/v1/reports/cohorts?from=2026-01-01&to=2026-02-28&months=2&channel=web'));
    expect(web).toMatchObject(expected('2026-01-01', '2026-02-28', 2, (p) => p.channel === 'web'));
    expect(web.totals.customers).toBe(4); // fay's first web order is in March
    const csv = await t.api('GET', '/api/v1/reports/cohorts?from=2026-01-01&to=2026-02-28&months=2&format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const want = expected('2026-01-01', '2026-02-28', 2).cohorts;
    expect(csv.body).toBe(`cohort,customers,repeat_customers,repeat_rate,month_1,month_2\n${want.map((c) => [c.month, c.customers, c.repeatCustomers, c.repeatRate, ...c.retention.map((x) => x.customers)].join(',')).join('\n')}\n`);
    const zero = await t.api('GET', '/api/v1/reports/cohorts?from=2026-01-01&to=2026-02-01&months=0');
    expect(zero.status).toBe(400);
    expect(zero.body.errors).toEqual([expect.objectContaining({ path: 'querystring.months' })]);
    const reversed = await t.api('GET', '/api/v1/reports/cohorts?from=2026-02-01&to=2026-01-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
  });
});
