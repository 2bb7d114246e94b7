import { Group, Paper, Skeleton, Text } from '@mantine/core';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { formatDateTime, humanize } from '../../lib/format';
import { RiskReasons, ScoreBadge } from '../risk/risk-reasons';
import { useTranslation } from 'react-i18next';

/** The order's latest risk assessment (GET /orders/{id}/risk); shown to roles that review fraud. */
export function OrderRisk({ orderId, version }: { orderId: string; version?: string | undefined }) {
  const risk = useQuery((signal) => unwrap(api.GET('/api/v1/orders/{orderId}/risk', { signal, params: { path: { orderId } } })), [orderId, version]);
  const { t } = useTranslation();
  const latest = risk.data?.latest;
  return (
    <Paper p="lg" aria-label={t('orders.risk.title')}>
      <Group justify="space-between" mb="sm">
        <Text fw={650}>{t('orders.risk.title')}</Text>
        {latest && <ScoreBadge score={latest.score} />}
      </Group>
      {risk.loading && !risk.data ? (
        <Skeleton h={40} />
      ) : !latest ? (
        <Text size="sm" c="dimmed">{t('orders.risk.notAssessed')}</Text>
      ) : (
        <>
          <Text size="xs" c="dimmed" mb="xs">
            {t('orders.risk.decisionAt', { decision: t(`orders.risk.decision.${latest.decision}`, { defaultValue: humanize(latest.decision) }), stage: latest.stage })} · {formatDateTime(latest.assessedAt)}
          </Text>
          <RiskReasons reasons={latest.reasons} />
        </>
      )}
    </Paper>
  );
}
