import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Filters live in the URL (shareable, bookmarkable, survive reload). Setting a filter resets paging.
 * Example: `const f = useUrlFilters(); f.get('status'); f.set({ status: 'placed' })`.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const get = useCallback((key: string) => params.get(key) ?? '', [params]);
  const set = useCallback(
    (patch: Record<string, string | null | undefined>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === undefined || v === '') next.delete(k);
            else next.set(k, v);
          }
          if (!('cursor' in patch)) next.delete('cursor');
          return next;
        },
        { replace: !('cursor' in patch) },
      );
    },
    [setParams],
  );
  return { params, get, set };
}

/** Cursor paging over a URL `cursor` parameter, remembering the cursors behind us for "Previous". */
export function useCursorPaging(filters: ReturnType<typeof useUrlFilters>) {
  const [back, setBack] = useState<string[]>([]);
  const cursor = filters.get('cursor');
  return {
    cursor: cursor || undefined,
    page: back.length + 1,
    next: (nextCursor: string) => {
      setBack((b) => [...b, cursor]);
      filters.set({ cursor: nextCursor });
    },
    prev: () => {
      const prevCursor = back.at(-1) ?? '';
      setBack((b) => b.slice(0, -1));
      filters.set({ cursor: prevCursor || null });
    },
    hasPrev: back.length > 0,
    reset: () => setBack([]),
  };
}
