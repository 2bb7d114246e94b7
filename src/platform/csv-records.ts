import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { findCardNumber } from '../domain/payments/card-number.js';

export interface CsvRecord {
  /** Fields by column name (header names trimmed and lower-cased). */
  record: Record<string, string>;
  info: { lines: number };
}

/**
 * The rejection reason of a record with a card number in any field (see domain/payments/card-number.ts),
 * or undefined: card data never enters Ordo, whether sent as JSON or in an uploaded file.
 */
export function cardDataReason(rec: CsvRecord): string | undefined {
  const field = findCardNumber(rec.record);
  return field === undefined ? undefined : `${field} looks like a card number; Ordo never stores card data`;
}

/**
 * Streams a CSV with a header row (csv-parse; never the whole file in memory), UTF-8 with or without BOM.
 * A record csv-parse cannot read (a stray quote, …) is counted in `report.rows` and rejected with its
 * line, then skipped. `bytes()` is how much of the source was read so far (for a progress bar).
 */
export function csvRecords(source: Readable, report: { rows: number; rejected: Array<{ line: number; reason: string }> }): { records: AsyncIterable<CsvRecord>; bytes: () => number } {
  let bytes = 0;
  source.on('data', (c: Buffer | string) => (bytes += typeof c === 'string' ? Buffer.byteLength(c) : c.length));
  const parser = source.pipe(
    parse({ columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, skip_empty_lines: true, relax_column_count: true, info: true, skip_records_with_error: true }),
  );
  parser.on('skip', (err: { lines?: number; message: string }) => {
    report.rows++;
    report.rejected.push({ line: err.lines ?? report.rows + 1, reason: `malformed CSV: ${err.message}` });
  });
  return { records: parser as AsyncIterable<CsvRecord>, bytes: () => bytes };
}
