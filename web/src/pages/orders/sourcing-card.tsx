import { Badge, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { formatDateTime, formatMoney, humanize } from '../../lib/format';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

type Plan = Schemas['SourcingPlan'];

const triggerLabel = (trigger: string) => i18n.t(`sourcing.trigger.${trigger}`, { defaultValue: humanize(trigger) });

/**
 * The latest sourcing plan of an order: chosen locations with their quantities and costs, rejected
 * locations with the reason, strategy and gap; then the plan history. Managers can re-source.
 */
export function SourcingCard({ orderId, canResource, onChanged }: { orderId: string; canResource: boolean; onChanged: () => void }) {
  const plans = useQuery((signal) => unwrap(api.GET('/api/v1/orders/{id}/sourcing', { signal, params: { path: { id: orderId } } })), [orderId]);
  const { t } = useTranslation();
  const { run, busy } = useSubmit();
  const resource = () =>
    run(
      () => unwrap(api.POST('/api/v1/orders/{id}/source', { params: { path: { id: orderId } }, body: { reallocate: false } })),
      (r) => {
        notifications.show({ color: r.outcome === 'sourced' ? 'green' : 'gray', message: r.outcome === 'sourced' ? t('sourcing.card.resourced') : t('sourcing.card.nothing', { why: r.why }) });
        plans.reload();
        onChanged();
      },
    );
  const items = plans.data?.items;
  const latest = items?.[0];
  return (
    <Paper p="lg" aria-label={t('sourcing.card.title')}>
      <Group justify="space-between" mb="md">
        <Text fw={650}>{t('sourcing.card.title')}</Text>
        {canResource && (
          <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} loading={busy} onClick={resource}>
            {t('sourcing.card.resource')}
          </Button>
        )}
      </Group>
      {plans.loading && !items && <Skeleton h={80} />}
      {plans.error && !items && (
        <Text size="sm" c="red">
          {plans.error.problem.detail}
        </Text>
      )}
      {items && !latest && (
        <Text size="sm" c="dimmed">
          {t('sourcing.card.notYet')}
        </Text>
      )}
      {latest && <PlanView plan={latest} />}
      {items && items.length > 1 && (
        <Stack gap={4} mt="md">
          <Text size="sm" fw={600}>
            {t('returns.page.history')}
          </Text>
          {items.map((p) => (
            <Text key={p.id} size="xs" c="dimmed" data-testid="plan-history">
              {formatDateTime(p.createdAt)} · {triggerLabel(p.trigger)} · {p.strategy} · {formatMoney(p.totalCost)} · {p.allocations.map((a) => `${a.quantity}×${a.sku}@${a.locationCode}`).join(', ') || t('sourcing.card.nothingAllocated')}
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const chosen = plan.explanation.filter((e) => e.chosen);
  const rejected = plan.explanation.filter((e) => !e.chosen);
  const qty = (code: string) => plan.allocations.filter((a) => a.locationCode === code);
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Badge variant="light">{triggerLabel(plan.trigger)}</Badge>
        <Badge variant="light" color={plan.strategy === 'exact' ? 'green' : 'yellow'}>
          {plan.strategy === 'exact' ? t('sourcing.card.exact') : t('sourcing.card.heuristic', { gap: formatMoney(plan.gap) })}
        </Badge>
        <Text size="sm">
          {t('sourcing.card.total')} <b>{formatMoney(plan.totalCost)}</b>
          {plan.splitPenalty.amount > 0 ? ` (${t('sourcing.card.splitPenalty', { amount: formatMoney(plan.splitPenalty) })})` : ''}
        </Text>
      </Group>
      {plan.note && (
        <Text size="xs" c="dimmed">
          {plan.note}
        </Text>
      )}
      <Table.ScrollContainer minWidth={480}>
        <Table withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('inventory.location')}</Table.Th>
              <Table.Th>{t('returns.list.units')}</Table.Th>
              <Table.Th ta="right">km</Table.Th>
              <Table.Th ta="right">{t('sourcing.card.handling')}</Table.Th>
              <Table.Th ta="right">{t('orders.lines.shipping')}</Table.Th>
              <Table.Th ta="right">{t('orders.lines.total')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {chosen.map((e) => (
              <Table.Tr key={e.locationCode} data-testid="sourcing-chosen">
                <Table.Td fw={600}>{e.locationCode}</Table.Td>
                <Table.Td>{qty(e.locationCode).map((a) => `${a.quantity} × ${a.sku}`).join(', ')}</Table.Td>
                <Table.Td ta="right">{e.distanceKm ?? '—'}</Table.Td>
                <Table.Td ta="right">{formatMoney(e.cost?.handling)}</Table.Td>
                <Table.Td ta="right">{formatMoney(e.cost?.shipping)}</Table.Td>
                <Table.Td ta="right">{formatMoney(e.cost?.total)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {plan.backordered.length > 0 && (
        <Text size="sm" c="orange">
          {t('sourcing.card.backordered')} {plan.backordered.map((b) => `${b.quantity} × ${b.sku}`).join(', ')}
        </Text>
      )}
      {rejected.length > 0 && (
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {t('sourcing.card.notUsed')}
          </Text>
          {rejected.map((e) => (
            <Text key={e.locationCode} size="sm" data-testid="sourcing-rejected">
              <b>{e.locationCode}</b>
              {e.distanceKm !== null ? ` (${e.distanceKm} km)` : ''} — {e.reason}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
