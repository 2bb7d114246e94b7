import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';

/** Location codes for pickers: "BER — Berlin warehouse". */
export function useLocationOptions() {
  const q = useQuery((signal) => unwrap(api.GET('/api/v1/locations', { signal, params: { query: { limit: 500 } } })), []);
  return (q.data?.items ?? []).map((l) => ({ value: l.code, label: `${l.code} — ${l.name}` }));
}
