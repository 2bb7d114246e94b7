import type { ReactNode } from 'react';
import { Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { formatCalendarDate, formatDateTime, humanize } from '../../lib/format';
import { useTranslation } from 'react-i18next';

/** What set the promise last (`order_promises.source`). */

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <Group justify="space-between" wrap="nowrap" gap="md">
    <Text size="sm" c="dimmed">{label}</Text>
    <Text size="sm" ta="right">{children}</Text>
  </Group>
);

/**
 * The order's delivery promise (GET /orders/{id}/promise), so support can answer "when will it arrive?".
 * A 404 means none is stored yet (not placed, nothing allocated): shown as such, not as an error.
 * Reloads when the order changes (`version` = its updatedAt).
 */
export function OrderPromise({ orderId, version }: { orderId: string; version?: string | undefined }) {
  const q = useQuery((signal) => unwrap(api.GET('/api/v1/orders/{id}/promise', { signal, params: { path: { id: orderId } } })), [orderId, version]);
  const { t } = useTranslation();
  const p = q.error?.status === 404 ? null : q.data;
  return (
    <Paper p="lg" aria-label={t('orders.promise.title')} data-testid="order-promise">
      <Text fw={650} mb="sm">{t('orders.promise.title')}</Text>
      {q.loading && !q.data && !q.error ? (
        <Skeleton h={60} />
      ) : q.error && q.error.status !== 404 ? (
        <Text size="sm" c="red">{q.error.problem.detail}</Text>
      ) : !p ? (
        <Text size="sm" c="dimmed">{t('orders.promise.none')}</Text>
      ) : (
        <Stack gap={6}>
          <Text fz="xl" fw={700} data-testid="promise-date" data-date={p.promisedDate}>{formatCalendarDate(p.promisedDate)}</Text>
          <Row label={t('orders.promise.ships')}>{formatCalendarDate(p.shipDate)}</Row>
          <Row label={t('orders.promise.from')}>{p.locationCode}</Row>
          <Row label={t('orders.promise.carrier')}>{p.carrier} · {p.service}</Row>
          <Row label={t('orders.promise.source')}>{t(`orders.promise.sources.${p.source}`, { defaultValue: humanize(p.source) })}</Row>
          <Row label={t('orders.sidebar.updated')}>{formatDateTime(p.updatedAt)}</Row>
        </Stack>
      )}
    </Paper>
  );
}
