import { Group, Paper, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { formatNumber } from '../../lib/format';
import { CsvExportLink, csvHref } from './csv-export-link';

type Report = Schemas['FulfillmentStagesReport'];
type Stage = keyof Report['totals'];
type Row = { stage: Stage; figures: Report['totals'][Stage] };

const hours = (h: number | null) => (h === null ? '—' : String(h));

/** Fulfillment speed per stage (placed → released → picked → packed → shipped → delivered), GET /reports/fulfillment-stages. */
export function FulfillmentStagesCard({ from, to, enabled }: { from: string; to: string; enabled: boolean }) {
  const { t } = useTranslation();
  const report = useQuery((signal) => unwrap(api.GET('/api/v1/reports/fulfillment-stages', { signal, params: { query: { from, to } } })) as Promise<Report>, [from, to], { enabled });
  const r = report.data;
  const stageLabel = (s: string) => t(`reports.stages.${s}`);
  const rows: Row[] = r ? (r.stages as Stage[]).map((stage) => ({ stage, figures: r.totals[stage] })) : [];
  const columns: Column<Row>[] = [
    { key: 'stage', header: t('reports.stages.stage'), render: (x) => stageLabel(x.stage) },
    { key: 'count', header: t('reports.stages.count'), align: 'right', render: (x) => formatNumber(x.figures.count) },
    { key: 'p50', header: t('reports.p50'), align: 'right', render: (x) => hours(x.figures.p50Hours) },
    { key: 'p90', header: t('reports.p90'), align: 'right', render: (x) => hours(x.figures.p90Hours) },
    { key: 'p99', header: t('reports.stages.p99'), align: 'right', render: (x) => hours(x.figures.p99Hours) },
    ...(r?.rows ?? []).map((l) => ({ key: `loc-${l.locationCode}`, header: `${l.locationCode} p50`, align: 'right' as const, render: (x: Row) => hours(l.stages[x.stage].p50Hours) })),
  ];
  return (
    <Paper p="lg" mb="md">
      <Group justify="space-between" mb="sm">
        <Text fw={650}>{t('reports.stages.title')}</Text>
        <CsvExportLink label={t('reports.stages.csv')} href={csvHref('/api/v1/reports/fulfillment-stages', { from, to })} />
      </Group>
      <Text size="xs" c="dimmed" mb="sm">{t('reports.stages.hint')}</Text>
      {rows.some((x) => x.figures.count > 0) && (
        <BarChart
          h={200}
          data={rows.map((x) => ({ stage: stageLabel(x.stage), p50: x.figures.p50Hours ?? 0, p90: x.figures.p90Hours ?? 0, p99: x.figures.p99Hours ?? 0 }))}
          dataKey="stage"
          series={[{ name: 'p50', color: 'teal.6' }, { name: 'p90', color: 'orange.6' }, { name: 'p99', color: 'red.6' }]}
          mb="sm"
          aria-label={t('reports.stages.chart')}
        />
      )}
      <DataTable label={t('reports.stages.title')} columns={columns} rows={r ? rows : undefined} rowKey={(x) => x.stage} loading={report.loading} error={report.error} onRetry={report.reload} minWidth={520} />
    </Paper>
  );
}
