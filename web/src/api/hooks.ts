import { useCallback, useEffect, useRef, useState } from 'react';
import { notifications } from '@mantine/notifications';
import { ApiError } from './problem';

export interface Query<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Fetch again, keeping the current data on screen meanwhile. */
  reload: () => void;
}

/**
 * Loads data for a page and reloads when `deps` change (or every `refreshMs`).
 * Stale answers are ignored, so fast filter changes never show an older result.
 */
export function useQuery<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], opts: { refreshMs?: number; enabled?: boolean } = {}): Query<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: opts.enabled !== false });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const enabled = opts.enabled !== false;

  useEffect(() => {
    if (!enabled) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ data, loading: false }),
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const error = err instanceof ApiError ? err : new ApiError(0, { type: 'about:blank', title: 'Something went wrong', status: 0, detail: String(err), code: 'client' });
        setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, enabled]);

  useEffect(() => {
    if (!opts.refreshMs || !enabled) return;
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, opts.refreshMs);
    return () => window.clearInterval(id);
  }, [opts.refreshMs, enabled]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** The part of a Mantine form that server field errors are written into. */
export interface FieldErrorTarget {
  setFieldError: (path: string, message: string) => void;
  getInputProps?: unknown;
  values?: unknown;
}

const hasPath = (values: unknown, path: string): boolean => {
  let cur: unknown = values;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(key in (cur as Record<string, unknown>))) return false;
    cur = (cur as Record<string, unknown>)[key];
  }
  return true;
};

/**
 * Shows an API refusal: field errors go next to their fields (`form.setFieldError(path, message)`),
 * anything the form cannot show becomes a notification. 
 */
export function showApiError(err: unknown, form?: FieldErrorTarget, fieldMap: Record<string, string> = {}): void {
  if (!(err instanceof ApiError)) {
    notifications.show({ color: 'red', title: 'Something went wrong', message: String(err) });
    return;
  }
  if (err.status === 401 && err.problem.code !== 'invalid_credentials') return; // the session layer redirects to /login
  const unshown: string[] = [];
  for (const fe of err.fieldErrors) {
    const path = fieldMap[fe.path] ?? fe.path;
    if (form && (form.values === undefined || hasPath(form.values, path))) form.setFieldError(path, capitalize(fe.message));
    else unshown.push(`${fe.path} ${fe.message}`);
  }
  if (err.fieldErrors.length === 0 || unshown.length > 0) {
    notifications.show({
      color: 'red',
      title: err.problem.title,
      message: unshown.length ? unshown.join('; ') : err.problem.detail,
      autoClose: 8000,
    });
  }
}

export const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/**
 * Wraps a submit: runs it, reports errors (into the form when it can), tracks `busy`.
 * Example: `const { run, busy } = useSubmit(form); <form onSubmit={form.onSubmit((v) => run(() => create(v)))}>`.
 */
export function useSubmit(form?: FieldErrorTarget, fieldMap?: Record<string, string>) {
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T,>(fn: () => Promise<T>, onDone?: (result: T) => void): Promise<T | undefined> => {
      setBusy(true);
      try {
        const result = await fn();
        onDone?.(result);
        return result;
      } catch (err) {
        showApiError(err, form, fieldMap);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [form, fieldMap],
  );
  return { run, busy };
}
