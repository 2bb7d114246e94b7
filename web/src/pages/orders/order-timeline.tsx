import { Alert, Skeleton, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconArrowRight, IconCircleCheck, IconCircleX, IconHandStop, IconLockOpen, IconPoint, IconShieldSearch, IconShoppingCartPlus } from '@tabler/icons-react';
import type { ApiError } from '../../api/problem';
import { formatDateTime, humanize } from '../../lib/format';
import type { OrderEvent } from './types';
import { ActorName } from '../../components/actor-name';

const look: Record<string, { icon: typeof IconPoint; color: string; title: string }> = {
  'order.placed': { icon: IconShoppingCartPlus, color: 'ordo', title: 'Order placed' },
  'order.cancelled': { icon: IconCircleX, color: 'red', title: 'Order cancelled' },
  'order.lines_cancelled': { icon: IconCircleX, color: 'red', title: 'Items cancelled' },
  'order.hold_placed': { icon: IconHandStop, color: 'orange', title: 'Hold placed' },
  'order.hold_released': { icon: IconLockOpen, color: 'teal', title: 'Hold released' },
  'order.status_changed': { icon: IconArrowRight, color: 'blue', title: 'Status changed' },
  'order.risk_assessed': { icon: IconShieldSearch, color: 'grape', title: 'Risk assessed' },
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** One line saying what happened, from the event payload (never money: not every role may see it). */
function describe(e: OrderEvent): string {
  const p = e.payload;
  const hold = (p.hold ?? {}) as Record<string, unknown>;
  switch (e.type) {
    case 'order.placed': {
      const lines = Array.isArray(p.lines) ? (p.lines as Array<{ quantity: number }>) : [];
      return `${lines.reduce((n, l) => n + l.quantity, 0)} units on ${lines.length} line${lines.length === 1 ? '' : 's'}${p.locationCode ? ` · reserved at ${str(p.locationCode)}` : ''}`;
    }
    case 'order.cancelled':
    case 'order.lines_cancelled': {
      const lines = Array.isArray(p.lines) ? (p.lines as Array<{ sku: string; quantity: number; released: number }>) : [];
      const what = lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ');
      const released = lines.reduce((n, l) => n + (l.released ?? 0), 0);
      return `${what}${released ? ` · ${released} returned to stock` : ''} — “${str(p.reason)}”`;
    }
    case 'order.hold_placed':
      return `${humanize(str(hold.type))}: “${str(hold.reason)}”`;
    case 'order.hold_released':
      return `${humanize(str(hold.type))} hold released: “${str(hold.releaseReason)}”`;
    case 'order.risk_assessed':
      return `Score ${String(p.score)} at ${str(p.stage)} → ${str(p.decision)}`;
    case 'order.status_changed':
      return `${humanize(str(p.from))} → ${humanize(str(p.to))}${p.reason ? ` — “${str(p.reason)}”` : ''}`;
    default:
      return '';
  }
}

export function OrderTimeline({ events, loading, error }: { events: OrderEvent[] | undefined; loading: boolean; error: ApiError | undefined }) {
  if (error && !events) return <Alert color="red" title="Could not load the timeline">{error.problem.detail}</Alert>;
  if (!events) {
    return (
      <Stack aria-busy={loading}>
        <Skeleton h={32} />
        <Skeleton h={32} />
      </Stack>
    );
  }
  if (events.length === 0) return <Text c="dimmed" size="sm">No events yet.</Text>;
  // Newest first reads best on a busy order.
  const items = [...events].reverse();
  return (
    <Timeline bulletSize={28} lineWidth={2} active={items.length} aria-label="Order timeline" data-testid="timeline">
      {items.map((e) => {
        const l = look[e.type] ?? { icon: e.type.includes('completed') ? IconCircleCheck : IconPoint, color: 'gray', title: humanize(e.type.replace(/^order\./, '')) };
        return (
          <Timeline.Item
            key={e.id}
            color={l.color}
            bullet={
              <ThemeIcon size={28} radius="xl" color={l.color} variant="light">
                <l.icon size={15} />
              </ThemeIcon>
            }
            title={
              <Text size="sm" fw={600}>
                {l.title}
              </Text>
            }
          >
            <Text size="sm">
              {describe(e)}
            </Text>
            <Text size="xs" c="dimmed" mt={2}>
              {formatDateTime(e.occurredAt)}
              {e.actor ? <> · <ActorName id={e.actor} /></> : ''}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
