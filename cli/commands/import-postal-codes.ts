import { readFile } from 'node:fs/promises';
import { importPostalCentroids } from '../../src/modules/locations/index.js';
import { parsePostalCentroids } from '../../src/domain/postal-centroids.js';
import { CliError, config, out, withDatabase } from '../support.js';

/**
 * `ordo import postal-codes <file>`: loads postal code centroids from a GeoNames postal code file
 * (`allCountries.txt` or one country's `<CC>.txt`, tab-separated) in one transaction; re-running
 * replaces the codes it contains. Typed addresses then get coordinates (GET /geocode/postal-code).
 */
export async function importPostalCodesCommand(file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read ${file}: ${(e as Error).message}`, 2);
  }
  const { centroids, skipped } = parsePostalCentroids(text);
  if (centroids.length === 0) throw new CliError(`${file} has no postal code rows in the GeoNames format (country, code, place, …, latitude, longitude)`, 1);
  const n = await withDatabase(config(), { migrate: true }, ({ db }) => db.transaction((tx) => importPostalCentroids(tx, centroids)));
  out(`Imported ${n} postal code centroid(s)${skipped.length ? `; skipped ${skipped.length} unreadable line(s), first at line ${skipped[0]}` : ''}.`);
}
