import { Alert, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Tooltip, useComputedColorScheme } from '@mantine/core';
import { AreaChart, BarChart, DonutChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { IconAlertTriangle, IconCash, IconHandStop, IconLifebuoy, IconRefresh, IconShoppingCart, IconTruckDelivery } from '@tabler/icons-react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import type { Dashboard } from '../../api/session-paths';
import { PageHeader } from '../../components/page-header';
import { orderStatusColor } from '../../components/status-badge';
import { formatMoney, formatNumber, formatRelative, humanize, minorToDecimal } from '../../lib/format';
import { LowStockTable } from './low-stock-table';
import { Tile } from './tile';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { useTranslation } from 'react-i18next';
import { formattingLocale } from '../../i18n';
import { channelLabel } from '../orders/order-labels';

const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
/** For chart geometry only: amounts are shown through formatMoney, never from this number. */
const major = (m: { amount: number; currency: string } | null | undefined) => (m ? Number(minorToDecimal(m.amount, m.currency)) : 0);
const channelColors = ['ordo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'pink.6', 'lime.7', 'gray.6'];

export default function DashboardPage() {
  const { t } = useTranslation();
  // Status links as text on the page: shade 9 on white, 3 on the dark background (WCAG AA for small text).
  const linkShade = useComputedColorScheme('light') === 'dark' ? 3 : 9;
  const q = useQuery((signal) => unwrap(api.GET('/api/v1/reports/dashboard', { signal, params: { query: { tz } } })) as Promise<Dashboard>, [], { refreshMs: 15_000 });
  const d = q.data;
  const user = useUser();
  // Decided by the role before any data arrives (the API also sends null money to the warehouse role).
  const money = can.seeMoney(user.role) && (d ? d.today.revenue !== null : true);
  // Axis ticks only (chart geometry is in major units); every shown amount elsewhere goes through formatMoney.
  const fmt = (n: number) => (d ? new Intl.NumberFormat(undefined, { style: 'currency', currency: d.currency, notation: 'compact' }).format(n) : '');
  const backlogTotal = d?.backlog.reduce((n, b) => n + b.count, 0) ?? 0;
  // Support cases (docs/support.md): open and SLA-breached, for the roles that see cases.
  const seesCases = can.seeCustomers(user.role);
  const cases = useQuery((signal) => (seesCases ? unwrap(api.GET('/api/v1/support/summary', { signal })) : Promise.resolve(null)), [seesCases], { refreshMs: 30_000 });

  return (
    <>
      <PageHeader
        title={t('dashboard.dashboard.dashboard')}
        description={t('dashboard.dashboard.todayAndThisWeek')}
        actions={
          d && (
            <Tooltip label={t('dashboard.dashboard.refreshesEvery15Seconds')}>
              <Group gap={6} c="dimmed" aria-live="polite">
                <IconRefresh size={14} className={q.loading ? 'spin' : undefined} aria-hidden />
                <Text size="xs">{t('dashboard.updated', { when: formatRelative(d.generatedAt) })}</Text>
              </Group>
            </Tooltip>
          )
        }
      />
      {q.error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle />} title={q.error.problem.title} mb="md">
          {q.error.problem.detail}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, md: (money ? 5 : 3) + (seesCases ? 1 : 0) }} mb="md">
        <Tile label={t('dashboard.dashboard.ordersToday')} value={d && formatNumber(d.today.orders)} icon={IconShoppingCart} color="ordo" />
        {money && <Tile label={t('dashboard.dashboard.revenueToday')} value={d && formatMoney(d.today.revenue)} icon={IconCash} color="teal" />}
        <Tile label={t('dashboard.dashboard.ordersThisWeek')} value={d && formatNumber(d.week.orders)} icon={IconTruckDelivery} color="blue" />
        {money && <Tile label={t('dashboard.dashboard.revenueThisWeek')} value={d && formatMoney(d.week.revenue)} icon={IconCash} color="green" />}
        <Tile label={t('dashboard.dashboard.onHold')} value={d && formatNumber(d.onHold)} icon={IconHandStop} color="orange" to="/orders?onHold=true" hint={t('dashboard.holdHint')} />
        {seesCases && (
          <Tile
            label={t('dashboard.dashboard.openCases')}
            value={cases.data ? `${formatNumber(cases.data.open + cases.data.pending)} · ${t('dashboard.breached', { n: formatNumber(cases.data.breached) })}` : undefined}
            icon={IconLifebuoy}
            color={cases.data?.breached ? 'red' : 'grape'}
            to={cases.data?.breached ? '/cases?breached=true' : '/cases'}
            hint={t('dashboard.casesHint')}
          />
        )}
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 3 }} mb="md">
        <Paper p="lg" style={{ gridColumn: 'span 2' }} className="span-2">
          <Text fw={650}>{t('dashboard.dashboard.ordersPerDay')}</Text>
          <Text size="xs" c="dimmed" mb="md">
            {t('dashboard.lastDays', { count: d?.ordersPerDay.length ?? 7 })}{money ? t('dashboard.withRevenue') : ''}
          </Text>
          {d ? (
            <AreaChart
              h={240}
              data={d.ordersPerDay.map((p) => ({ date: new Date(`${p.date}T12:00:00`).toLocaleDateString(formattingLocale(), { weekday: 'short', day: 'numeric' }), Orders: p.orders, Revenue: major(p.revenue) }))}
              dataKey="date"
              series={money ? [{ name: 'Orders', label: t('dashboard.orders'), color: 'ordo.6', yAxisId: 'left' }, { name: 'Revenue', label: t('dashboard.revenue'), color: 'teal.5', yAxisId: 'right' }] : [{ name: 'Orders', label: t('dashboard.orders'), color: 'ordo.6' }]}
              withRightYAxis={money}
              rightYAxisProps={{ tickFormatter: (v: number) => fmt(v) }}
              valueFormatter={(v) => formatNumber(v)}
              curveType="monotone"
              withLegend={money}
              gridAxis="y"
              fillOpacity={0.25}
            />
          ) : (
            <Skeleton h={240} />
          )}
        </Paper>
        <Paper p="lg">
          <Text fw={650}>{t('dashboard.dashboard.ordersByChannel')}</Text>
          <Text size="xs" c="dimmed" mb="md">
            {t('dashboard.dashboard.thisWeek')}
          </Text>
          {d ? (
            d.byChannel.length ? (
              <Stack align="center" gap="sm">
                <DonutChart
                  size={170}
                  thickness={26}
                  withLabelsLine={false}
                  withTooltip
                  tooltipDataSource="segment"
                  chartLabel={`${formatNumber(d.week.orders)} orders`}
                  data={d.byChannel.map((c, i) => ({ name: channelLabel(c.channel), value: c.ordersWeek, color: channelColors[i % channelColors.length]! }))}
                />
                <Stack gap={4} w="100%">
                  {d.byChannel.map((c, i) => (
                    <Group key={c.channel} justify="space-between" wrap="nowrap">
                      <Group gap={8} wrap="nowrap">
                        <span style={{ width: 10, height: 10, borderRadius: 3, background: `var(--mantine-color-${channelColors[i % channelColors.length]!.replace('.', '-')})` }} />
                        <Text size="sm">{channelLabel(c.channel)}</Text>
                      </Group>
                      <Text size="sm" className="num" c="dimmed">
                        {formatNumber(c.ordersToday)} today · {formatNumber(c.ordersWeek)} week{money && c.revenueWeek ? ` · ${formatMoney(c.revenueWeek)}` : ''}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">{t('dashboard.dashboard.noOrdersThisWeek')}</Text>
            )
          ) : (
            <Skeleton h={240} />
          )}
        </Paper>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper p="lg">
          <Group justify="space-between" align="flex-start">
            <div>
              <Text fw={650}>{t('dashboard.dashboard.backlogByStatusAnd')}</Text>
              <Text size="xs" c="dimmed" mb="md">
                {t('dashboard.openOrders', { count: backlogTotal, n: formatNumber(backlogTotal) })}
              </Text>
            </div>
          </Group>
          {d ? (
            d.backlog.length ? (
              <BarChart
                h={220}
                data={d.backlog.map((b) => ({ status: t(`status.${b.status}`, { defaultValue: humanize(b.status) }), '< 1 day': b.ageBuckets.under1d, '1–3 days': b.ageBuckets.from1to3d, '> 3 days': b.ageBuckets.over3d }))}
                dataKey="status"
                type="stacked"
                orientation="vertical"
                yAxisProps={{ width: 110 }}
                series={[
                  { name: '< 1 day', label: t('dashboard.age.lt1'), color: 'teal.5' },
                  { name: '1–3 days', label: t('dashboard.age.d1to3'), color: 'yellow.5' },
                  { name: '> 3 days', label: t('dashboard.age.gt3'), color: 'red.6' },
                ]}
                withLegend
                gridAxis="x"
              />
            ) : (
              <Text size="sm" c="dimmed">
                {t('dashboard.dashboard.nothingWaitingEveryOrder')}
              </Text>
            )
          ) : (
            <Skeleton h={220} />
          )}
          {d && d.backlog.length > 0 && (
            <Group gap="xs" mt="sm">
              {d.backlog.map((b) => (
                <Text key={b.status} size="xs" c={`${orderStatusColor(b.status)}.${linkShade}`} fw={600} component={Link} to={`/orders?status=${b.status}`} style={{ textDecoration: 'none' }}>
                  {t(`status.${b.status}`, { defaultValue: humanize(b.status) })}: {b.count}
                </Text>
              ))}
            </Group>
          )}
        </Paper>
        <LowStockTable rows={d?.lowStock} />
      </SimpleGrid>
    </>
  );
}
