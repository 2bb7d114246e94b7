import { Group, Paper, Stack, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { formatNumber } from '../../lib/format';
import { CsvExportLink, csvHref } from './csv-export-link';

type Report = Schemas['RepeatCohortsReport'];
type Cohort = Report['cohorts'][number];
const months = 6;
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10} %`);

/** Repeat-purchase cohorts: customers by month of first order, and who ordered again in month +1 … +6 (GET /reports/cohorts). */
export function CohortsCard({ from, to, enabled }: { from: string; to: string; enabled: boolean }) {
  const { t } = useTranslation();
  const report = useQuery((signal) => unwrap(api.GET('/api/v1/reports/cohorts', { signal, params: { query: { from, to, months } } })) as Promise<Report>, [from, to], { enabled });
  const r = report.data;
  const columns: Column<Cohort>[] = [
    { key: 'month', header: t('reports.cohorts.cohort'), render: (c) => c.month },
    { key: 'customers', header: t('reports.cohorts.customers'), align: 'right', render: (c) => formatNumber(c.customers) },
    { key: 'repeat', header: t('reports.cohorts.repeatRate'), align: 'right', render: (c) => percent(c.repeatRate) },
    ...Array.from({ length: months }, (_, i) => ({ key: `m${i + 1}`, header: `+${i + 1}`, align: 'right' as const, render: (c: Cohort) => percent(c.retention[i]?.share ?? null) })),
  ];
  return (
    <Paper p="lg" mb="md">
      <Group justify="space-between" mb="sm">
        <Stack gap={0}>
          <Text fw={650}>{t('reports.cohorts.title')}</Text>
          <Text size="xs" c="dimmed">
            {r
              ? t('reports.cohorts.summary', { rate: percent(r.totals.repeatRate), customers: formatNumber(r.totals.customers), guests: formatNumber(r.guestOrdersExcluded) })
              : t('reports.cohorts.hint')}
          </Text>
        </Stack>
        <CsvExportLink label={t('reports.cohorts.csv')} href={csvHref('/api/v1/reports/cohorts', { from, to, months })} />
      </Group>
      {r && r.cohorts.length > 0 && (
        <BarChart
          h={200}
          data={r.cohorts.map((c) => ({ month: c.month, [t('reports.cohorts.firstOrder')]: c.customers - c.repeatCustomers, [t('reports.cohorts.repeated')]: c.repeatCustomers }))}
          dataKey="month"
          type="stacked"
          series={[{ name: t('reports.cohorts.repeated'), color: 'teal.6' }, { name: t('reports.cohorts.firstOrder'), color: 'gray.4' }]}
          mb="sm"
          aria-label={t('reports.cohorts.chart')}
        />
      )}
      <DataTable label={t('reports.cohorts.title')} columns={columns} rows={r?.cohorts} rowKey={(c) => c.month} loading={report.loading} error={report.error} onRetry={report.reload} minWidth={560} empty={{ title: t('reports.cohorts.none') }} />
    </Paper>
  );
}
