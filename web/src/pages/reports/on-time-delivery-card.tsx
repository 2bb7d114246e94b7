import { Group, Paper, Stack, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { formatNumber } from '../../lib/format';
import { CsvExportLink, csvHref } from './csv-export-link';

type Report = Schemas['OnTimeDeliveryReport'];
type Row = Report['rows'][number];

const share = (s: number | null) => (s === null ? '—' : `${(s * 100).toFixed(1)} %`);

/** Orders delivered on or after their promised day, per week or month of delivery (GET /reports/on-time-delivery). */
export function OnTimeDeliveryCard({ from, to, enabled }: { from: string; to: string; enabled: boolean }) {
  const { t } = useTranslation();
  // A long range reads better by month.
  const groupBy = Date.parse(to) - Date.parse(from) > 120 * 86_400_000 ? 'month' : 'week';
  const report = useQuery(
    (signal) => unwrap(api.GET('/api/v1/reports/on-time-delivery', { signal, params: { query: { from, to, groupBy } } })) as Promise<Report>,
    [from, to, groupBy],
    { enabled },
  );
  const totals = report.data?.totals;
  const columns: Column<Row>[] = [
    { key: 'key', header: t(`report-cards.onTime.${groupBy}`), render: (r) => r.key },
    { key: 'delivered', header: t('report-cards.onTime.delivered'), align: 'right', render: (r) => formatNumber(r.delivered) },
    { key: 'onTime', header: t('report-cards.onTime.onTime'), align: 'right', render: (r) => formatNumber(r.onTime) },
    { key: 'late', header: t('report-cards.onTime.late'), align: 'right', render: (r) => formatNumber(r.late) },
    { key: 'share', header: t('report-cards.onTime.share'), align: 'right', render: (r) => share(r.onTimeShare) },
    { key: 'daysLate', header: t('report-cards.onTime.averageDaysLate'), align: 'right', render: (r) => r.averageDaysLate ?? '—' },
  ];
  return (
    <Paper p="lg">
      <Group justify="space-between" mb="sm" align="flex-start">
        <Stack gap={0}>
          <Text fw={650}>{t('report-cards.onTime.title')}</Text>
          <Text size="xs" c="dimmed">
            {totals && totals.withPromise > 0
              ? t('report-cards.onTime.summary', { share: share(totals.onTimeShare), late: formatNumber(totals.late), days: totals.averageDaysLate ?? 0, count: totals.delivered, n: formatNumber(totals.delivered) })
              : t('report-cards.onTime.hint')}
          </Text>
        </Stack>
        <CsvExportLink label={t('report-cards.onTime.csv')} href={csvHref('/api/v1/reports/on-time-delivery', { from, to, groupBy })} />
      </Group>
      {report.data && report.data.rows.length > 0 && (
        <BarChart
          h={180}
          data={report.data.rows.map((r) => ({ key: r.key, onTime: r.onTime, late: r.late }))}
          dataKey="key"
          type="stacked"
          series={[
            { name: 'onTime', label: t('report-cards.onTime.onTime'), color: 'teal.6' },
            { name: 'late', label: t('report-cards.onTime.late'), color: 'red.6' },
          ]}
          withLegend
          mb="sm"
          aria-label={t('report-cards.onTime.chart')}
        />
      )}
      <DataTable label={t('report-cards.onTime.title')} columns={columns} rows={report.data?.rows} rowKey={(r) => r.key} loading={report.loading} error={report.error} onRetry={report.reload} minWidth={480} empty={{ title: t('report-cards.onTime.empty') }} />
    </Paper>
  );
}
