import { loadInventoryJobs } from '../../src/server.js';
import { CliError, config, out, table, withDatabase } from '../support.js';

type Row = Record<string, unknown>;

/** A row is a mismatch when it says so, or when its two sides differ. */
function isMismatch(r: Row): boolean {
  if (typeof r.ok === 'boolean') return !r.ok;
  if (typeof r.matches === 'boolean') return !r.matches;
  if (typeof r.mismatch === 'boolean') return r.mismatch;
  const diff = r.difference ?? r.diff ?? r.delta;
  if (typeof diff === 'number' || typeof diff === 'bigint') return Number(diff) !== 0;
  return false;
}

/** Accepts the result as rows, or as an object holding them (`rows`, `items`, `results`, `mismatches`). */
function rowsOf(result: unknown): { rows: Row[]; mismatches: Row[] } {
  if (Array.isArray(result)) {
    const rows = result as Row[];
    return { rows, mismatches: rows.filter(isMismatch) };
  }
  const o = (result ?? {}) as Record<string, unknown>;
  const rows = ((o.rows ?? o.items ?? o.results ?? o.levels ?? []) as Row[]) ?? [];
  const mismatches = Array.isArray(o.mismatches) ? (o.mismatches as Row[]) : rows.filter(isMismatch);
  return { rows: rows.length ? rows : mismatches, mismatches };
}

/** Checks the ledger invariant: for every (sku, location), the sum of movements equals on_hand. */
export async function reconcileCommand(): Promise<void> {
  const { reconcileInventory } = await loadInventoryJobs();
  if (!reconcileInventory) {
    throw new CliError('reconcile is not available yet: src/modules/inventory does not export reconcileInventory', 1);
  }
  const cfg = config();
  const mismatches = await withDatabase(cfg, { migrate: false }, async ({ db }) => {
    const { rows, mismatches } = rowsOf(await reconcileInventory(db));
    if (rows.length === 0) {
      out('No inventory levels to reconcile.');
      return 0;
    }
    const headers = Object.keys(rows[0]!);
    const show = mismatches.length ? mismatches : rows;
    out(table([...headers.map((h) => h.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase()), 'RESULT'], show.map((r) => [...headers.map((h) => fmt(r[h])), isMismatch(r) || mismatches.includes(r) ? 'MISMATCH' : 'ok'])));
    out();
    out(mismatches.length ? `${mismatches.length} of ${rows.length} levels do not match their movement ledger.` : `All ${rows.length} levels match their movement ledger.`);
    return mismatches.length;
  });
  if (mismatches > 0) process.exitCode = 1;
}

function fmt(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
