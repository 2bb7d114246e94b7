import { Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { formatNumber } from '../../lib/format';
import { CsvExportLink, csvHref } from './csv-export-link';

type Report = Schemas['BackorderAgeingReport'];
type Row = Report['rows'][number];
const buckets = ['days0to2', 'days3to7', 'days8to14', 'days15to30', 'over30'] as const;

/** Open backorders as of today by SKU and location, units by age (GET /reports/backorder-ageing); not tied to the page's range. */
export function BackorderAgeingCard() {
  const { t } = useTranslation();
  const report = useQuery((signal) => unwrap(api.GET('/api/v1/reports/backorder-ageing', { signal, params: { query: { limit: 50 } } })) as Promise<Report>, []);
  const totals = report.data?.totals;
  const columns: Column<Row>[] = [
    { key: 'sku', header: t('inventory.sku'), render: (r) => r.sku },
    { key: 'location', header: t('inventory.location'), render: (r) => r.locationCode ?? '—' },
    { key: 'units', header: t('reports.units'), align: 'right', render: (r) => formatNumber(r.units) },
    ...buckets.map((b) => ({ key: b, header: t(`report-cards.backorders.${b}`), align: 'right' as const, render: (r: Row) => (r.byAge[b] ? formatNumber(r.byAge[b]) : '·') })),
    { key: 'oldest', header: t('report-cards.backorders.oldest'), align: 'right', render: (r) => r.oldestDays ?? '—' },
  ];
  return (
    <Paper p="lg">
      <Group justify="space-between" mb="sm" align="flex-start">
        <Stack gap={0}>
          <Text fw={650}>{t('report-cards.backorders.title')}</Text>
          <Text size="xs" c="dimmed">
            {totals && report.data
              ? t('report-cards.backorders.summary', { units: formatNumber(totals.units), count: totals.lines, n: formatNumber(totals.lines), oldest: totals.oldestDays ?? 0, asOf: report.data.asOf })
              : t('report-cards.backorders.hint')}
          </Text>
        </Stack>
        <CsvExportLink label={t('report-cards.backorders.csv')} href={csvHref('/api/v1/reports/backorder-ageing', {})} />
      </Group>
      <DataTable label={t('report-cards.backorders.title')} columns={columns} rows={report.data?.rows} rowKey={(r) => `${r.sku}-${r.locationCode ?? ''}`} loading={report.loading} error={report.error} onRetry={report.reload} minWidth={560} empty={{ title: t('report-cards.backorders.empty') }} />
    </Paper>
  );
}
