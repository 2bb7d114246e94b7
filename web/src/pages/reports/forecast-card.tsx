import { useState } from 'react';
import { Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { LineChart } from '@mantine/charts';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { useTranslation } from 'react-i18next';

type Forecast = Schemas['DemandForecast'];

/** History and forecast rows of one chart: history weeks carry `History`, forecast weeks the mean and the band. */
const chartRows = (f: Forecast) => [
  ...f.history.map((h) => ({ week: h.week, History: h.units })),
  ...f.forecast.map((p) => ({ week: p.week, Forecast: p.mean, Lower: p.lower, Upper: p.upper })),
];

/** Weekly demand of one SKU with the chosen model's forecast and its prediction band (GET /reports/forecast). */
export function ForecastCard() {
  const { t } = useTranslation();
  const [sku, setSku] = useState('');
  const wanted = sku.trim();
  const forecast = useQuery((signal) => unwrap(api.GET('/api/v1/reports/forecast', { signal, params: { query: { sku: wanted } } })) as Promise<Forecast>, [wanted], { enabled: wanted.length > 0 });
  const f = forecast.data;
  return (
    <Paper p="lg" mb="md">
      <Group justify="space-between" mb="md" align="flex-end">
        <Stack gap={0}>
          <Text fw={650}>{t('reports.forecast.title')}</Text>
          <Text size="xs" c="dimmed">
            {f ? t('reports.forecast.summary', { sku: f.sku, model: f.model, reorderPoint: f.reorder.reorderPoint, weeks: f.reorder.leadTimeWeeks, serviceLevel: f.reorder.serviceLevel }) : t('reports.forecast.hint')}
          </Text>
        </Stack>
        <TextInput label={t('reports.forecast.sku')} placeholder={t('reports.forecast.skuPlaceholder')} value={sku} onChange={(e) => setSku(e.currentTarget.value)} w={200} />
      </Group>
      {forecast.error && <Text size="sm" c="red">{forecast.error.problem.detail ?? forecast.error.problem.title}</Text>}
      {f && (
        <LineChart
          h={240}
          data={chartRows(f)}
          dataKey="week"
          series={[
            { name: 'History', label: t('reports.forecast.history'), color: 'ordo.6' },
            { name: 'Forecast', label: t('reports.forecast.forecast'), color: 'teal.6' },
            { name: 'Lower', label: t('reports.forecast.lower'), color: 'gray.5', strokeDasharray: '4 4' },
            { name: 'Upper', label: t('reports.forecast.upper'), color: 'gray.5', strokeDasharray: '4 4' },
          ]}
          curveType="monotone"
          gridAxis="y"
          withLegend
          aria-label={t('reports.forecast.chart')}
        />
      )}
    </Paper>
  );
}
