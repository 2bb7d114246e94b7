import { Group, Paper, Skeleton, Text } from '@mantine/core';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { formatDateTime, humanize } from '../../lib/format';
import { RiskReasons, ScoreBadge } from '../risk/risk-reasons';

/** The order's latest risk assessment (GET /orders/{id}/risk); shown to roles that review fraud. */
export function OrderRisk({ orderId, version }: { orderId: string; version?: string | undefined }) {
  const risk = useQuery((signal) => unwrap(api.GET('/api/v1/orders/{orderId}/risk', { signal, params: { path: { orderId } } })), [orderId, version]);
  const latest = risk.data?.latest;
  return (
    <Paper p="lg" aria-label="Risk">
      <Group justify="space-between" mb="sm">
        <Text fw={650}>Risk</Text>
        {latest && <ScoreBadge score={latest.score} />}
      </Group>
      {risk.loading && !risk.data ? (
        <Skeleton h={40} />
      ) : !latest ? (
        <Text size="sm" c="dimmed">Not assessed</Text>
      ) : (
        <>
          <Text size="xs" c="dimmed" mb="xs">
            {humanize(latest.decision)} at {latest.stage} · {formatDateTime(latest.assessedAt)}
          </Text>
          <RiskReasons reasons={latest.reasons} />
        </>
      )}
    </Paper>
  );
}
