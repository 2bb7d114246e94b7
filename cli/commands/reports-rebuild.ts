import { rebuildSalesRollups } from '../../src/modules/analytics/index.js';
import { config, out, withDatabase } from '../support.js';

/** `ordo reports rebuild`: recomputes the sales roll-up in ORDO_TIME_ZONE (docs/reports.md). */
export async function reportsRebuildCommand(): Promise<void> {
  const cfg = config();
  const started = performance.now();
  const r = await withDatabase(cfg, { migrate: true }, ({ db }) => rebuildSalesRollups(db, { timeZone: cfg.timeZone }));
  out(`Sales roll-up rebuilt in ${cfg.timeZone}: ${r.facts} fact row(s), ${r.days} daily row(s) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
