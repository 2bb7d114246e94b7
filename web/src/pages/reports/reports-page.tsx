import { useState } from 'react';
import { Alert, Anchor, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { AreaChart, BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { formatDecimalMoney, formatNumber } from '../../lib/format';
import { useTranslation } from 'react-i18next';
import { ForecastCard } from './forecast-card';
import { FulfillmentStagesCard } from './fulfillment-stages-card';
import { CohortsCard } from './cohorts-card';
import { useLocationOptions } from '../inventory/use-locations';
import { OperationsCards } from './operations-cards';

type TopRow = Schemas['TopReport']['rows'][number];
type SpeedRow = Schemas['FulfillmentSpeedReport']['rows'][number];

const csvLink = (path: string, query: Record<string, string>) => `${path}?${new URLSearchParams({ ...query, format: 'csv' }).toString()}`;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Sales over time, top products and fulfillment speed, each with a CSV export, and one SKU's demand forecast (docs/reports.md). */
export default function ReportsPage() {
  const { t } = useTranslation();
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 90 * 86_400_000)));
  const [to, setTo] = useState(isoDay(today));
  const [groupBy, setGroupBy] = useState<'day' | 'week' | 'month'>('week');
  const [location, setLocation] = useState<string | null>(null);
  const locationOptions = [{ value: 'unassigned', label: t('reports.unassigned') }, ...useLocationOptions()];
  const salesQuery = { from, to, groupBy, ...(location ? { location } : {}) };
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;

  const sales = useQuery((signal) => unwrap(api.GET('/api/v1/reports/sales', { signal, params: { query: salesQuery } })) as Promise<Schemas['SalesReport']>, [from, to, groupBy, location], { enabled: valid });
  const currency = sales.data?.currency;
  const top = useQuery(
    (signal) => unwrap(api.GET('/api/v1/reports/top', { signal, params: { query: { by: 'product', from, to, currency: currency ?? 'EUR', limit: 10 } } })) as Promise<Schemas['TopReport']>,
    [from, to, currency],
    { enabled: valid && !!currency },
  );
  const speed = useQuery(
    (signal) => unwrap(api.GET('/api/v1/reports/fulfillment-speed', { signal, params: { query: { from, to, groupBy: 'location_week' } } })) as Promise<Schemas['FulfillmentSpeedReport']>,
    [from, to],
    { enabled: valid },
  );

  const topColumns: Column<TopRow>[] = [
    { key: 'sku', header: t('inventory.sku'), render: (r) => r.key },
    { key: 'name', header: t('inventory.product'), render: (r) => r.name },
    { key: 'orders', header: t('reports.orders'), align: 'right', render: (r) => formatNumber(r.orders) },
    { key: 'units', header: t('reports.units'), align: 'right', render: (r) => formatNumber(r.units) },
    { key: 'gross', header: t('reports.grossSales'), align: 'right', render: (r) => formatDecimalMoney(r.grossSales.amount, r.grossSales.currency) },
  ];
  const speedColumns: Column<SpeedRow>[] = [
    { key: 'week', header: t('reports.week'), render: (r) => r.week ?? '—' },
    { key: 'location', header: t('inventory.location'), render: (r) => r.locationCode ?? '—' },
    { key: 'shipments', header: t('reports.shipments'), align: 'right', render: (r) => formatNumber(r.shipments) },
    { key: 'p50', header: t('reports.p50'), align: 'right', render: (r) => r.p50Hours },
    { key: 'p90', header: t('reports.p90'), align: 'right', render: (r) => r.p90Hours },
  ];
  const exportLink = (label: string, href: string) => (
    <Anchor href={href} download size="sm">
      <Group gap={4} component="span">
        <IconDownload size={14} aria-hidden />
        {label}
      </Group>
    </Anchor>
  );

  return (
    <>
      <PageHeader
        title={t('reports.title')}
        description={t('reports.description')}
        actions={
          <Group gap="sm" align="flex-end">
            <TextInput label={t('orders.list.from')} type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
            <TextInput label={t('orders.list.to')} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </Group>
        }
      />
      {!valid && <Alert color="orange" variant="light" mb="md">{t('reports.badRange')}</Alert>}
      {sales.error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle />} title={sales.error.problem.title} mb="md">
          {sales.error.problem.detail}
        </Alert>
      )}
      <Paper p="lg" mb="md">
        <Group justify="space-between" mb="md">
          <Stack gap={0}>
            <Text fw={650}>{t('reports.salesOverTime')}</Text>
            <Text size="xs" c="dimmed">
              {sales.data ? `${t('reports.ordersCount', { count: sales.data.totals.orders, n: formatNumber(sales.data.totals.orders) })} · ${t('reports.gross', { amount: formatDecimalMoney(sales.data.totals.grossSales.amount, sales.data.currency) })}` : t('common.loading')}
            </Text>
          </Stack>
          <Group gap="md">
            <Select size="xs" w={200} clearable placeholder={t('reports.allLocations')} aria-label={t('reports.locationFilter')} data={locationOptions} value={location} onChange={setLocation} />
            <SegmentedControl size="xs" value={groupBy} onChange={(v) => setGroupBy(v as typeof groupBy)} data={[{ value: 'day', label: t('reports.day') }, { value: 'week', label: t('reports.week') }, { value: 'month', label: t('reports.month') }]} aria-label={t('reports.groupBy')} />
            {exportLink(t('reports.salesCsv'), csvLink('/api/v1/reports/sales', salesQuery))}
          </Group>
        </Group>
        <AreaChart
          h={260}
          data={(sales.data?.rows ?? []).map((r) => ({ key: r.key, [t('reports.grossSales')]: Number(r.grossSales.amount), Orders: r.orders }))}
          dataKey="key"
          series={[{ name: t('reports.grossSales'), color: 'ordo.6' }]}
          curveType="monotone"
          gridAxis="y"
          fillOpacity={0.25}
          aria-label={t('reports.salesChart')}
        />
      </Paper>
      <SimpleGrid cols={{ base: 1, xl: 2 }} mb="md">
        <Paper p="lg">
          <Group justify="space-between" mb="sm">
            <Text fw={650}>{t('reports.topProducts')}</Text>
            {exportLink(t('reports.topCsv'), csvLink('/api/v1/reports/top', { by: 'product', from, to, currency: currency ?? 'EUR', limit: '500' }))}
          </Group>
          <DataTable label={t('reports.topProducts')} columns={topColumns} rows={top.data?.rows} rowKey={(r) => r.key} loading={top.loading} error={top.error} onRetry={top.reload} minWidth={480} empty={{ title: t('reports.noSales') }} />
        </Paper>
        <Paper p="lg">
          <Group justify="space-between" mb="sm">
            <Text fw={650}>{t('reports.speed')}</Text>
            {exportLink(t('reports.speedCsv'), csvLink('/api/v1/reports/fulfillment-speed', { from, to }))}
          </Group>
          <Text size="xs" c="dimmed" mb="sm">
            {t('reports.speedHint')}{speed.data ? ` · ${t('reports.speedAll', { p50: speed.data.totals.p50Hours, p90: speed.data.totals.p90Hours, count: speed.data.totals.shipments, n: formatNumber(speed.data.totals.shipments) })}` : ''}
          </Text>
          {speed.data && speed.data.rows.length > 0 && (
            <BarChart h={180} data={speed.data.rows.map((r) => ({ key: `${r.week} ${r.locationCode}`, p50: r.p50Hours, p90: r.p90Hours }))} dataKey="key" series={[{ name: 'p50', color: 'teal.6' }, { name: 'p90', color: 'orange.6' }]} mb="sm" />
          )}
          <DataTable label={t('reports.speed')} columns={speedColumns} rows={speed.data?.rows} rowKey={(r) => `${r.week}-${r.locationCode}`} loading={speed.loading} error={speed.error} onRetry={speed.reload} minWidth={420} empty={{ title: t('reports.nothingShipped') }} />
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xl: 2 }} mb="md">
        <FulfillmentStagesCard from={from} to={to} enabled={valid} />
        <CohortsCard from={from} to={to} enabled={valid} />
      </SimpleGrid>
      <OperationsCards from={from} to={to} enabled={valid} />
      <ForecastCard />
    </>
  );
}
