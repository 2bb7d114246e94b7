import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Text, Tooltip, type MantineSize } from '@mantine/core';
import { api, type Schemas } from '../api/client';
import { useSession } from '../auth/session';
import i18n from '../i18n';

type Actor = Schemas['Actor'];

/*
 * Actor ids (`user:<uuid>`, `api_key:<uuid>`, `system`) → names, resolved in batches: every
 * <ActorName> rendered in the same tick joins one GET /api/v1/actors?ids=… call; answers are cached
 * for the page's lifetime (names rarely change; a reload refreshes them).
 */
const cache = new Map<string, Promise<Actor>>();
let pending: Array<{ id: string; resolve: (a: Actor) => void }> = [];
let timer: ReturnType<typeof setTimeout> | undefined;

const fallback = (id: string): Actor => ({ id, type: 'unknown', name: id, known: false, disabled: false });

async function flush() {
  const batch = pending;
  pending = [];
  timer = undefined;
  for (let i = 0; i < batch.length; i += 200) {
    const part = batch.slice(i, i + 200);
    try {
      const { data } = await api.GET('/api/v1/actors', { params: { query: { ids: part.map((p) => p.id).join(',') } } });
      const byId = new Map((data?.items ?? []).map((a) => [a.id, a]));
      for (const p of part) p.resolve(byId.get(p.id) ?? fallback(p.id));
    } catch {
      for (const p of part) {
        cache.delete(p.id);
        p.resolve(fallback(p.id));
      }
    }
  }
}

export function resolveActor(id: string): Promise<Actor> {
  let hit = cache.get(id);
  if (!hit) {
    hit = new Promise<Actor>((resolve) => pending.push({ id, resolve }));
    cache.set(id, hit);
    timer ??= setTimeout(() => void flush(), 0);
  }
  return hit;
}

/** The display name of an actor id; `null` while it loads (the short id shows meanwhile). */
export function useActor(id: string | null | undefined): Actor | null {
  const [actor, setActor] = useState<Actor | null>(null);
  useEffect(() => {
    if (!id) return;
    let live = true;
    void resolveActor(id).then((a) => live && setActor(a));
    return () => {
      live = false;
    };
  }, [id]);
  return id && actor?.id === id ? actor : null;
}

const kind: Record<Actor['type'], string> = { user: 'Console user', api_key: 'API key', system: 'Ordo (automatic)', unknown: 'Unknown actor' };

/**
 * A person, API key or the system by name, never by raw id. Admins get a link to everything that
 * actor did (the audit log filtered on them); everyone sees the kind of actor on hover.
 */
export function ActorName({ id, size = 'xs', c = 'dimmed' }: { id: string | null | undefined; size?: MantineSize; c?: string }) {
  const actor = useActor(id);
  const { user } = useSession();
  if (!id) return null;
  const name = actor?.name ?? (id.includes(':') ? `${id.split(':')[0]}:${id.split(':')[1]!.slice(0, 8)}…` : id);
  const label = `${i18n.t(`actor.${actor?.type ?? 'unknown'}`, { defaultValue: kind[actor?.type ?? 'unknown'] })}${actor?.disabled ? ` (${i18n.t('actor.disabled')})` : ''}`;
  const linkable = user?.role === 'admin' && actor?.known && (actor.type === 'user' || actor.type === 'api_key');
  const [, rawId = ''] = id.split(':');
  return (
    <Tooltip label={label} withArrow openDelay={300}>
      {linkable ? (
        <Anchor component={Link} to={`/audit-log?actorId=${encodeURIComponent(rawId)}`} size={size} data-testid="actor-name" td={actor?.disabled ? 'line-through' : undefined}>
          {name}
        </Anchor>
      ) : (
        <Text span size={size} c={c} data-testid="actor-name" td={actor?.disabled ? 'line-through' : undefined}>
          {name}
        </Text>
      )}
    </Tooltip>
  );
}
