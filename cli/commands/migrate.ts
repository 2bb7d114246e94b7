import { config, out, withDatabase } from '../support.js';

export async function migrateCommand(): Promise<void> {
  const cfg = config();
  await withDatabase(cfg, { migrate: true }, async (db) => {
    out(`Migrations applied (${db.kind === 'embedded' ? `embedded database in ${cfg.dataDir}` : 'PostgreSQL'}).`);
  });
}
