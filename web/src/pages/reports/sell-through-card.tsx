import { useState } from 'react';
import { Badge, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { formatNumber } from '../../lib/format';
import { CsvExportLink, csvHref } from './csv-export-link';

type Report = Schemas['SellThroughReport'];
type Row = Report['rows'][number];

/** Sell-through per SKU over the page's range, lowest first, and dead stock (GET /reports/sell-through). */
export function SellThroughCard({ from, to, enabled }: { from: string; to: string; enabled: boolean }) {
  const { t } = useTranslation();
  const [show, setShow] = useState<'all' | 'dead'>('all');
  const onlyDead = show === 'dead';
  const report = useQuery(
    (signal) => unwrap(api.GET('/api/v1/reports/sell-through', { signal, params: { query: { from, to, limit: 15, onlyDead: onlyDead ? 'true' : 'false' } } })) as Promise<Report>,
    [from, to, onlyDead],
    { enabled },
  );
  const columns: Column<Row>[] = [
    { key: 'sku', header: t('inventory.sku'), render: (r) => r.sku },
    { key: 'sold', header: t('report-cards.sellThrough.sold'), align: 'right', render: (r) => formatNumber(r.unitsSold) },
    { key: 'onHand', header: t('report-cards.sellThrough.onHand'), align: 'right', render: (r) => formatNumber(r.onHand) },
    { key: 'rate', header: t('report-cards.sellThrough.rate'), align: 'right', render: (r) => (r.sellThrough === null ? '—' : `${(r.sellThrough * 100).toFixed(1)} %`) },
    { key: 'dead', header: '', render: (r) => (r.dead ? <Badge size="sm" color="gray" variant="light">{t('report-cards.sellThrough.deadBadge')}</Badge> : null) },
  ];
  return (
    <Paper p="lg" mb="md">
      <Group justify="space-between" mb="sm" align="flex-start">
        <Stack gap={0}>
          <Text fw={650}>{t('report-cards.sellThrough.title')}</Text>
          <Text size="xs" c="dimmed">
            {report.data ? t('report-cards.sellThrough.summary', { count: report.data.deadSkus, n: formatNumber(report.data.deadSkus), days: report.data.deadDays }) : t('report-cards.sellThrough.hint')}
          </Text>
        </Stack>
        <Group gap="md">
          <SegmentedControl size="xs" value={show} onChange={(v) => setShow(v as typeof show)} data={[{ value: 'all', label: t('report-cards.sellThrough.all') }, { value: 'dead', label: t('report-cards.sellThrough.onlyDead') }]} aria-label={t('report-cards.sellThrough.show')} />
          <CsvExportLink label={t('report-cards.sellThrough.csv')} href={csvHref('/api/v1/reports/sell-through', { from, to, onlyDead: onlyDead ? 'true' : undefined, limit: 5000 })} />
        </Group>
      </Group>
      <DataTable label={t('report-cards.sellThrough.title')} columns={columns} rows={report.data?.rows} rowKey={(r) => r.sku} loading={report.loading} error={report.error} onRetry={report.reload} minWidth={480} empty={{ title: t('report-cards.sellThrough.empty') }} />
    </Paper>
  );
}
