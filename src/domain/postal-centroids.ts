/**
 * Postal code centroids from GeoNames postal code data (`allCountries.txt` or `<CC>.txt`, CC BY 4.0):
 * tab-separated `country, postal code, place, admin1 name, admin1 code, admin2 name, admin2 code,
 * admin3 name, admin3 code, latitude, longitude, accuracy`. A code shared by several places gets the
 * mean of their coordinates and the first place's name.
 *
 * @example
 * parsePostalCentroids('DE\t10115\tBerlin\tBerlin\tBE\t\t\t\t\t52.5323\t13.3846\t4\n')
 * // → { centroids: [{ country: 'DE', postalCode: '10115', place: 'Berlin', latitude: 52.5323, longitude: 13.3846 }], skipped: [] }
 */

export interface PostalCentroid {
  country: string;
  postalCode: string;
  place: string;
  latitude: number;
  longitude: number;
}

/** The form codes are stored and looked up in: upper case, without spaces and dashes ("sw1a 1aa" → "SW1A1AA"). */
export const normalisePostalCode = (code: string): string => code.toUpperCase().replace(/[\s-]+/g, '');

export function parsePostalCentroids(text: string): { centroids: PostalCentroid[]; skipped: number[] } {
  const sums = new Map<string, { c: PostalCentroid; n: number }>();
  const skipped: number[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const f = line.split('\t');
    const country = (f[0] ?? '').trim().toUpperCase();
    const postalCode = normalisePostalCode(f[1] ?? '');
    const lat = Number(f[9]);
    const lon = Number(f[10]);
    const valid = /^[A-Z]{2}$/.test(country) && postalCode !== '' && f[9]?.trim() && f[10]?.trim() && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
    if (!valid) {
      skipped.push(i + 1);
      continue;
    }
    const key = `${country}:${postalCode}`;
    const s = sums.get(key);
    if (s) {
      s.c.latitude += lat;
      s.c.longitude += lon;
      s.n += 1;
    } else sums.set(key, { c: { country, postalCode, place: (f[2] ?? '').trim(), latitude: lat, longitude: lon }, n: 1 });
  }
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  const centroids = [...sums.values()].map(({ c, n }) => ({ ...c, latitude: round(c.latitude / n), longitude: round(c.longitude / n) }));
  return { centroids, skipped };
}
