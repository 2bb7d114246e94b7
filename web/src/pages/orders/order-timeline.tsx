import { Alert, Skeleton, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconArrowRight, IconCircleCheck, IconCircleX, IconHandStop, IconLockOpen, IconPoint, IconShieldSearch, IconShoppingCartPlus } from '@tabler/icons-react';
import type { ApiError } from '../../api/problem';
import { formatDateTime, humanize } from '../../lib/format';
import type { OrderEvent } from './types';
import { holdTypeLabel } from './order-labels';
import { ActorName } from '../../components/actor-name';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

const look: Record<string, { icon: typeof IconPoint; color: string }> = {
  'order.placed': { icon: IconShoppingCartPlus, color: 'ordo' },
  'order.cancelled': { icon: IconCircleX, color: 'red' },
  'order.lines_cancelled': { icon: IconCircleX, color: 'red' },
  'order.hold_placed': { icon: IconHandStop, color: 'orange' },
  'order.hold_released': { icon: IconLockOpen, color: 'teal' },
  'order.status_changed': { icon: IconArrowRight, color: 'blue' },
  'order.risk_assessed': { icon: IconShieldSearch, color: 'grape' },
};

/** The event's title in the current language (`order.hold_placed` → "Hold placed"); unknown types humanised. */
const eventTitle = (type: string) => i18n.t(`orders.timeline.event.${type.replace(/^order\./, '')}`, { defaultValue: humanize(type.replace(/^order\./, '')) });
const statusLabel = (s: string) => i18n.t(`status.${s}`, { defaultValue: humanize(s) });

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** One line saying what happened, from the event payload (never money: not every role may see it). */
function describe(e: OrderEvent): string {
  const p = e.payload;
  const hold = (p.hold ?? {}) as Record<string, unknown>;
  switch (e.type) {
    case 'order.placed': {
      const lines = Array.isArray(p.lines) ? (p.lines as Array<{ quantity: number }>) : [];
      const units = i18n.t('orders.timeline.unitsOnLines', { count: lines.reduce((n, l) => n + l.quantity, 0), lines: i18n.t('orders.lines.lines', { count: lines.length }) });
      return `${units}${p.locationCode ? ` · ${i18n.t('orders.timeline.reservedAt', { location: str(p.locationCode) })}` : ''}`;
    }
    case 'order.cancelled':
    case 'order.lines_cancelled': {
      const lines = Array.isArray(p.lines) ? (p.lines as Array<{ sku: string; quantity: number; released: number }>) : [];
      const what = lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ');
      const released = lines.reduce((n, l) => n + (l.released ?? 0), 0);
      return `${what}${released ? ` · ${i18n.t('orders.timeline.backToStock', { count: released })}` : ''} — “${str(p.reason)}”`;
    }
    case 'order.hold_placed':
      return `${holdTypeLabel(str(hold.type))}: “${str(hold.reason)}”`;
    case 'order.hold_released':
      return i18n.t('orders.timeline.holdReleased', { type: holdTypeLabel(str(hold.type)), reason: str(hold.releaseReason) });
    case 'order.risk_assessed':
      return i18n.t('orders.timeline.riskScore', { score: String(p.score), stage: str(p.stage), decision: str(p.decision) });
    case 'order.status_changed':
      return `${statusLabel(str(p.from))} → ${statusLabel(str(p.to))}${p.reason ? ` — “${str(p.reason)}”` : ''}`;
    default:
      return '';
  }
}

export function OrderTimeline({ events, loading, error }: { events: OrderEvent[] | undefined; loading: boolean; error: ApiError | undefined }) {
  const { t } = useTranslation();
  if (error && !events) return <Alert color="red" title={t('orders.timeline.loadFailed')}>{error.problem.detail}</Alert>;
  if (!events) {
    return (
      <Stack aria-busy={loading}>
        <Skeleton h={32} />
        <Skeleton h={32} />
      </Stack>
    );
  }
  if (events.length === 0) return <Text c="dimmed" size="sm">{t('orders.timeline.empty')}</Text>;
  // Newest first reads best on a busy order.
  const items = [...events].reverse();
  return (
    <Timeline bulletSize={28} lineWidth={2} active={items.length} aria-label={t('orders.timeline.label')} data-testid="timeline">
      {items.map((e) => {
        const l = look[e.type] ?? { icon: e.type.includes('completed') ? IconCircleCheck : IconPoint, color: 'gray' };
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
                {eventTitle(e.type)}
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
