import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTableOwners, findWrites, tableIdentifiers } from '../../scripts/check-table-owners.js';

/**
 * The boundary checks of `npm run lint:deps` (a step of .ci/run) run on small fixture repositories:
 * a new import cycle, a module importing a flow, a deep import into another module and a cross-module
 * table write each make them fail; the same fixture without the offence passes.
 */
const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const depcruise = join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
let root: string;

function write(files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function remove(...paths: string[]) {
  for (const p of paths) rmSync(join(root, p), { force: true });
}

/** Runs the real dependency-cruiser configuration on the fixture; exit status and output. */
function cruise() {
  const r = spawnSync(process.execPath, [depcruise, 'src', '--config', join(repo, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ordo-boundaries-'));
  write({
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }),
    'src/platform/db/schema/index.ts': "export * from './orders.js';\nexport * from './stock.js';\n",
    'src/platform/db/schema/orders.ts': "declare const pgTable: (...a: unknown[]) => unknown;\nexport const orders = pgTable('orders', {});\nexport const orderLines = pgTable(\n  'order_lines',\n  {},\n);\n",
    'src/platform/db/schema/stock.ts': "declare const pgTable: (...a: unknown[]) => unknown;\nexport const stockLevels = pgTable('stock_levels', {});\n",
    'src/domain/total.ts': 'export const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);\n',
    'src/modules/orders/index.ts': "export { touchOrder } from './order-writes.js';\nexport type { OrderJson } from './orders.schemas.js';\n",
    'src/modules/orders/orders.schemas.ts': 'export interface OrderJson { id: string }\n',
    'src/modules/orders/order-writes.ts':
      "import { orders } from '../../platform/db/schema/index.js';\n" +
      'type Tx = { update(t: unknown): { set(v: object): Promise<void> } };\n' +
      'export async function touchOrder(tx: Tx) {\n  await tx.update(orders).set({});\n}\n',
    'src/modules/shipping/index.ts': "export { deliver } from './deliver.js';\n",
    'src/modules/shipping/deliver.ts':
      "import { touchOrder, type OrderJson } from '../orders/index.js';\n" +
      "import { total } from '../../domain/total.js';\n" +
      '// a comment is no write: update order_lines set quantity = 0\n' +
      'export async function deliver(tx: never, o: OrderJson) {\n  await touchOrder(tx);\n  return total([o.id.length]);\n}\n',
    'src/flows/ship.ts': "import { deliver } from '../modules/shipping/index.js';\nexport const ship = deliver;\n",
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('import rules (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  it('pass on a fixture that keeps them', () => {
    const r = cruise();
    expect(r.out).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  it('fail on a new import cycle between modules', () => {
    write({ 'src/modules/orders/shipping-link.ts': "import { deliver } from '../shipping/index.js';\nexport const d = deliver;\n" });
    write({ 'src/modules/orders/index.ts': "export { touchOrder } from './order-writes.js';\nexport type { OrderJson } from './orders.schemas.js';\nexport { d } from './shipping-link.js';\n" });
    try {
      const r = cruise();
      expect(r.status).not.toBe(0);
      expect(r.out).toMatch(/error no-circular: src\/modules\/(orders|shipping)\//);
    } finally {
      remove('src/modules/orders/shipping-link.ts');
      write({ 'src/modules/orders/index.ts': "export { touchOrder } from './order-writes.js';\nexport type { OrderJson } from './orders.schemas.js';\n" });
    }
  });

  it('fail when a module imports a flow, or another module past its public entry, or domain imports platform', () => {
    write({
      'src/modules/shipping/uses-flow.ts': "import { ship } from '../../flows/ship.js';\nexport const s = ship;\n",
      'src/modules/shipping/deep.ts': "import { touchOrder } from '../orders/order-writes.js';\nexport const t = touchOrder;\n",
      'src/domain/impure.ts': "import { orders } from '../platform/db/schema/index.js';\nexport const o = orders;\n",
    });
    try {
      const r = cruise();
      expect(r.status).not.toBe(0);
      expect(r.out).toContain('error modules-not-to-composition: src/modules/shipping/uses-flow.ts → src/flows/ship.ts');
      expect(r.out).toContain('error module-public-entry: src/modules/shipping/deep.ts → src/modules/orders/order-writes.ts');
      expect(r.out).toContain('error domain-is-pure: src/domain/impure.ts → src/platform/db/schema/index.ts');
    } finally {
      remove('src/modules/shipping/uses-flow.ts', 'src/modules/shipping/deep.ts', 'src/domain/impure.ts');
    }
  });
});

describe('table owners (scripts/check-table-owners.ts)', () => {
  const owners = { owners: { orders: 'orders', order_lines: 'orders', stock_levels: 'inventory' } };

  it('reads table names from the schema, multi-line declarations included', () => {
    expect([...tableIdentifiers(join(root, 'src/platform/db/schema')).entries()].sort()).toEqual([
      ['orderLines', 'order_lines'],
      ['orders', 'orders'],
      ['stockLevels', 'stock_levels'],
    ]);
  });

  it('pass when only the owner writes (a comment naming a write does not count)', () => {
    const r = checkTableOwners(root, owners);
    expect(r.writes.map((w) => `${w.writer}:${w.table}`)).toEqual(['orders:orders']);
    expect(r.violations).toEqual([]);
  });

  it('fail on a cross-module write through drizzle (aliased import too) or raw SQL, and in a flow', () => {
    write({
      'src/modules/shipping/writes.ts':
        "import { orderLines as ol, stockLevels } from '../../platform/db/schema/index.js';\n" +
        "declare const tx: any; declare const sql: any;\n" +
        'export async function f() {\n' +
        '  await tx.update(ol).set({});\n' +
        '  await tx.execute(sql`UPDATE orders SET updated_at = now() WHERE id = $1`);\n' +
        '  await tx.execute(sql`delete from ${stockLevels} where true`);\n' +
        "  await tx.execute(sql`insert into \"order_lines\" (id) values ('x')`);\n" +
        '}\n',
      'src/flows/writes.ts': "import { orders } from '../platform/db/schema/index.js';\ndeclare const tx: any;\nexport const g = () => tx.insert(orders).values({});\n",
    });
    try {
      const { violations } = checkTableOwners(root, owners);
      expect(violations.map((v) => `${v.file}:${v.line} ${v.writer} ${v.how} ${v.table} owner=${v.owner}`)).toEqual([
        'src/modules/shipping/writes.ts:4 shipping drizzle update order_lines owner=orders',
        'src/modules/shipping/writes.ts:5 shipping sql update orders owner=orders',
        'src/modules/shipping/writes.ts:6 shipping sql delete stock_levels owner=inventory',
        'src/modules/shipping/writes.ts:7 shipping sql insert order_lines owner=orders',
        'src/flows/writes.ts:3 flows drizzle insert orders owner=orders',
      ]);
      // An exception names the file and table, with its reason.
      const allowed = checkTableOwners(root, { ...owners, exceptions: { 'src/flows/writes.ts:orders': 'test' } });
      expect(allowed.violations).toHaveLength(4);
    } finally {
      remove('src/modules/shipping/writes.ts', 'src/flows/writes.ts');
    }
  });

  it('fail on a write to a table that has no owner yet', () => {
    const { violations } = checkTableOwners(root, { owners: { order_lines: 'orders' } });
    expect(violations).toMatchObject([{ table: 'orders', writer: 'orders', owner: undefined }]);
  });

  it('the npm script fails on a fixture with a cross-module write (exit code 1, the file named)', () => {
    write({
      'src/platform/db/table-owners.ts': `export const tableOwners = ${JSON.stringify(owners)};\n`,
      'src/modules/shipping/writes.ts': "import { orders } from '../../platform/db/schema/index.js';\ndeclare const tx: any;\nexport const f = () => tx.delete(orders);\n",
    });
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'scripts/check-table-owners.ts'), root], { cwd: repo, encoding: 'utf8' });
      expect(r.stderr).toContain('src/modules/shipping/writes.ts:3 (shipping) writes orders (drizzle delete), which is owned by module orders');
      expect(r.status).toBe(1);
    } finally {
      remove('src/modules/shipping/writes.ts');
    }
  });
});

describe('this repository', () => {
  it('keeps every table write in its owning module', async () => {
    const { tableOwners } = await import('../../src/platform/db/table-owners.js');
    const { writes, violations } = checkTableOwners(repo, tableOwners);
    expect(writes.length).toBeGreaterThan(100);
    expect(violations).toEqual([]);
  });

  it('finds the drizzle writes of a real module file', () => {
    const tables = tableIdentifiers(join(repo, 'src/platform/db/schema'));
    const w = findWrites('x.ts', "import { orderLines } from '../../platform/db/schema/index.js';\nawait tx.update(orderLines).set({});\nhash.update(data);\n", tables);
    expect(w).toEqual([{ file: 'x.ts', line: 2, table: 'order_lines', how: 'drizzle update' }]);
  });
});

describe('status writers check their state table before writing', () => {
  /** A transaction handle that fails the test if anything is written. */
  const noWrites = new Proxy({}, { get: (_t, name) => () => { throw new Error(`unexpected ${String(name)}`); } }) as never;
  const at = new Date('2026-01-07T10:00:00Z');

  it('orders: writeStatus refuses cancelled → confirmed', async () => {
    const { writeStatus } = await import('../../src/modules/orders/index.js');
    await expect(writeStatus(noWrites, { orderId: 'o1', from: 'cancelled', to: 'confirmed', actor: 'test', at })).rejects.toMatchObject({ code: 'illegal_transition' });
  });

  it('fulfillment: setFulfillmentStatus refuses handed_off → picking', async () => {
    const { setFulfillmentStatus } = await import('../../src/modules/fulfillment/fulfillment.repository.js');
    await expect(setFulfillmentStatus(noWrites, { id: 'f1', number: 'FO-1', status: 'handed_off' } as never, 'picking', at)).rejects.toMatchObject({ code: 'illegal_transition' });
  });

  it('payments: paymentTransition refuses a step its state table does not allow (refunded → authorized, voided → captured, failed → authorized)', async () => {
    const { paymentTransition } = await import('../../src/modules/payments/payments.repository.js');
    expect(() => paymentTransition({ status: 'refunded', seq: 1 }, 'authorized')).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
    expect(() => paymentTransition({ status: 'voided', seq: 1 }, 'captured')).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
    expect(() => paymentTransition({ status: 'failed', seq: 1 }, 'authorized')).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
    expect(paymentTransition({ status: 'authorized', seq: 1 }, 'partially_captured')).toBe('partially_captured');
    expect(paymentTransition({ status: 'captured', seq: 1 }, 'captured')).toBe('captured');
  });

  it('shipments: setShipmentStatus refuses a forbidden step (label_purchased → in_transit, delivered → voided)', async () => {
    const { setShipmentStatus } = await import('../../src/modules/shipping/shipment-status.js');
    await expect(setShipmentStatus(noWrites, { id: 's1', number: 'SH-1', status: 'label_purchased' }, ['in_transit'], at)).rejects.toMatchObject({ code: 'illegal_transition' });
    await expect(setShipmentStatus(noWrites, { id: 's1', number: 'SH-1', status: 'delivered' }, 'voided', at)).rejects.toMatchObject({ code: 'illegal_transition' });
  });
});
