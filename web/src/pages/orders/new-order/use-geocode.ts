import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../../../api/client';
import { useQuery } from '../../../api/hooks';
import type { Entry } from './entry';

export interface Coordinates {
  latitude: number;
  longitude: number;
}

const normalise = (code: string) => code.toUpperCase().replace(/[\s-]+/g, '');

/**
 * Coordinates of the typed address from its postal code (GET /geocode/postal-code, the postal code's
 * centre), sent with the promise and the order so sourcing can prefer the nearest location. Undefined
 * while unknown, for a code not in the loaded data, and for a stale answer of an earlier code.
 */
export function usePostalGeocode(entry: Entry): Coordinates | undefined {
  const country = entry.address.country.trim().toUpperCase();
  const postalCode = entry.address.postalCode.trim();
  const [key] = useDebouncedValue(`${country}|${postalCode}`, 300);
  const [qCountry = '', qCode = ''] = key.split('|');
  const geo = useQuery(
    (signal) => api.GET('/api/v1/geocode/postal-code', { signal, params: { query: { country: qCountry, postalCode: qCode } } }).then((r) => r.data ?? null),
    [key],
    { enabled: /^[A-Z]{2}$/.test(qCountry) && qCode !== '' },
  );
  const hit = geo.data;
  if (!hit || hit.country !== country || hit.postalCode !== normalise(postalCode)) return undefined;
  return { latitude: hit.latitude, longitude: hit.longitude };
}
