import type { ReactNode } from 'react';
import { Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { formatCalendarDate, formatDateTime, humanize } from '../../lib/format';

/** What set the promise last (`order_promises.source`). */
const sources: Record<string, string> = { placement: 'At placement', allocation: 'After sourcing', label: 'Carrier estimate on the label' };

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
  const p = q.error?.status === 404 ? null : q.data;
  return (
    <Paper p="lg" aria-label="Delivery promise" data-testid="order-promise">
      <Text fw={650} mb="sm">Delivery promise</Text>
      {q.loading && !q.data && !q.error ? (
        <Skeleton h={60} />
      ) : q.error && q.error.status !== 404 ? (
        <Text size="sm" c="red">{q.error.problem.detail}</Text>
      ) : !p ? (
        <Text size="sm" c="dimmed">No promise yet</Text>
      ) : (
        <Stack gap={6}>
          <Text fz="xl" fw={700} data-testid="promise-date" data-date={p.promisedDate}>{formatCalendarDate(p.promisedDate)}</Text>
          <Row label="Ships">{formatCalendarDate(p.shipDate)}</Row>
          <Row label="From">{p.locationCode}</Row>
          <Row label="Carrier">{p.carrier} · {p.service}</Row>
          <Row label="Source">{sources[p.source] ?? humanize(p.source)}</Row>
          <Row label="Updated">{formatDateTime(p.updatedAt)}</Row>
        </Stack>
      )}
    </Paper>
  );
}
