import type { Db } from '../../platform/db/client.js';
import { returnReceipts } from '../../platform/db/schema/index.js';

/** One scanned unit group at the returns desk: expected (a return line) or unexpected (no line, quarantined). */
export async function recordReturnReceipt(tx: Db, row: typeof returnReceipts.$inferInsert): Promise<void> {
  await tx.insert(returnReceipts).values(row);
}
