import { Link, useNavigate } from 'react-router';
import { useState } from 'react';
import { Anchor, Badge, Button, Checkbox, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { OrdersBulkBar } from './bulk-actions';
import { IconFilterOff, IconPlus } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { SearchInput } from '../../components/search-input';
import { HoldBadge, StatusBadge } from '../../components/status-badge';
import { useCursorPaging, useUrlFilters } from '../../components/url-state';
import { formatDateTime, formatMoney, formatRelative } from '../../lib/format';
import { channelLabel } from './order-labels';
import { endOfLocalDay, startOfLocalDay } from '../../lib/dates';
import { useTranslation } from 'react-i18next';

/** A list row; for the warehouse role the API nulls `email` and `total`. */
interface OrderSummary {
  id: string; number: string; status: string; channel: string; externalId: string | null; email: string | null; customerName: string;
  total: Schemas['Money'] | null; activeHolds: number; placedAt: string;
}

export const orderStatuses = ['placed', 'confirmed', 'processing', 'partially_shipped', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
type OrderStatus = (typeof orderStatuses)[number];

const filterKeys = ['q', 'status', 'channel', 'email', 'from', 'to', 'onHold'] as const;

export default function OrdersPage() {
  const { t } = useTranslation();
  const user = useUser();
  const money = can.seeMoney(user.role);
  const pii = can.seeCustomers(user.role);
  const navigate = useNavigate();
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const f = Object.fromEntries(filterKeys.map((k) => [k, filters.get(k)])) as Record<(typeof filterKeys)[number], string>;
  const active = filterKeys.some((k) => f[k]);

  const orders = useQuery(
    (signal) =>
      unwrap(
        api.GET('/api/v1/orders', {
          signal,
          params: {
            query: {
              limit: 25,
              cursor: paging.cursor,
              q: f.q || undefined,
              status: (f.status || undefined) as OrderStatus | undefined,
              channel: f.channel || undefined,
              email: f.email || undefined,
              from: f.from ? startOfLocalDay(f.from) : undefined,
              to: f.to ? endOfLocalDay(f.to) : undefined,
              onHold: (f.onHold || undefined) as 'true' | 'false' | undefined,
            },
          },
        }),
      ),
    [filters.params.toString()],
  );
  const rows = orders.data?.items as OrderSummary[] | undefined;
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const allOnPage = !!rows?.length && rows.every((o) => selected.includes(o.id));
  // The export takes the list's filters in the API's terms (dates as instants, like the list query).
  const exportQuery = new URLSearchParams(
    Object.entries({ q: f.q, status: f.status, channel: f.channel, email: f.email, onHold: f.onHold, from: f.from ? startOfLocalDay(f.from) : '', to: f.to ? endOfLocalDay(f.to) : '' }).filter(([, v]) => v) as Array<[string, string]>,
  ).toString();

  const columns: Column<OrderSummary>[] = [
    {
      key: 'select',
      header: <Checkbox aria-label={t('orders.bulk.selectAll')} checked={allOnPage} indeterminate={!allOnPage && !!rows?.some((o) => selected.includes(o.id))} onChange={() => setSelected(allOnPage ? [] : (rows ?? []).map((o) => o.id))} />,
      width: 40,
      render: (o) => <Checkbox aria-label={t('orders.bulk.selectOne', { number: o.number })} checked={selected.includes(o.id)} onClick={(e) => e.stopPropagation()} onChange={() => toggle(o.id)} />,
    },
    {
      key: 'number',
      header: t('orders.list.order'),
      render: (o) => (
        <Anchor component={Link} to={`/orders/${o.id}`} fw={650} size="sm" onClick={(e) => e.stopPropagation()}>
          {o.number}
        </Anchor>
      ),
    },
    {
      key: 'placed',
      header: t('orders.list.placed'),
      render: (o) => (
        <Text size="sm" title={formatDateTime(o.placedAt)}>
          {formatRelative(o.placedAt)}
        </Text>
      ),
    },
    {
      key: 'customer',
      header: t('orders.list.customer'),
      render: (o) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {o.customerName}
          </Text>
          {pii && o.email && (
            <Text size="xs" c="dimmed">
              {o.email}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      key: 'channel',
      header: t('orders.list.channel'),
      render: (o) => (
        <Badge variant="outline" color="gray" radius="sm" tt="none" fw={500}>
          {channelLabel(o.channel)}
        </Badge>
      ),
    },
    {
      key: 'status',
      header: t('orders.list.status'),
      render: (o) => (
        <Group gap={6} wrap="nowrap">
          <StatusBadge status={o.status} />
          <HoldBadge count={o.activeHolds} />
        </Group>
      ),
    },
    { key: 'total', header: t('orders.list.total'), align: 'right', hidden: !money, render: (o) => <Text size="sm" fw={600}>{formatMoney(o.total)}</Text> },
  ];

  return (
    <>
      <PageHeader
        title={t('orders.list.title')}
        description={t('orders.list.description')}
        actions={can.manageOrders(user.role) && <Button component={Link} to="/orders/new" leftSection={<IconPlus size={16} />}>{t('orders.list.newOrder')}</Button>}
      />
      <Paper p="md" mb="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <SearchInput label={t('common.search')} placeholder={pii ? t('orders.list.searchPii') : t('orders.list.searchPlain')} value={f.q} onChange={(q) => { paging.reset(); filters.set({ q }); }} w={280} />
          <Select
            label={t('orders.list.status')}
            placeholder={t('orders.list.anyStatus')}
            clearable
            w={170}
            data={orderStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            value={f.status || null}
            onChange={(v) => { paging.reset(); filters.set({ status: v }); }}
          />
          <TextInput label={t('orders.list.channel')} placeholder={t('orders.list.channelPlaceholder')} w={120} defaultValue={f.channel} key={`ch-${f.channel}`} onBlur={(e) => filters.set({ channel: e.currentTarget.value.trim().toLowerCase() })} onKeyDown={(e) => e.key === 'Enter' && filters.set({ channel: e.currentTarget.value.trim().toLowerCase() })} />
          {pii && (
            <TextInput label={t('orders.list.customerEmail')} placeholder="ada@example.com" w={200} defaultValue={f.email} key={`em-${f.email}`} onBlur={(e) => filters.set({ email: e.currentTarget.value.trim() })} onKeyDown={(e) => e.key === 'Enter' && filters.set({ email: e.currentTarget.value.trim() })} />
          )}
          <TextInput label={t('orders.list.from')} type="date" w={150} value={f.from} onChange={(e) => filters.set({ from: e.currentTarget.value })} />
          <TextInput label={t('orders.list.to')} type="date" w={150} value={f.to} onChange={(e) => filters.set({ to: e.currentTarget.value })} />
          <Select
            label={t('orders.list.holds')}
            w={140}
            data={[
              { value: '', label: t('orders.list.allOrders') },
              { value: 'true', label: t('status.onHold') },
              { value: 'false', label: t('orders.list.notOnHold') },
            ]}
            value={f.onHold}
            onChange={(v) => filters.set({ onHold: v })}
            allowDeselect={false}
          />
          {active && (
            <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={() => { paging.reset(); filters.set(Object.fromEntries(filterKeys.map((k) => [k, null]))); }}>
              {t('orders.list.clearFilters')}
            </Button>
          )}
        </Group>
      </Paper>
      <OrdersBulkBar selected={selected} exportQuery={exportQuery} canManage={can.manageOrders(user.role)} onDone={() => { setSelected([]); orders.reload(); }} />
      <DataTable
        label={t('orders.list.title')}
        columns={columns}
        rows={rows}
        rowKey={(o) => o.id}
        loading={orders.loading}
        error={orders.error}
        onRetry={orders.reload}
        onRowClick={(o) => navigate(`/orders/${o.id}`)}
        empty={active ? { title: t('orders.list.noMatch'), description: t('orders.list.noMatchHint') } : { title: t('orders.list.empty'), description: t('orders.list.emptyHint') }}
        footer={<Pager paging={paging} nextCursor={orders.data?.nextCursor} count={rows?.length} />}
      />
    </>
  );
}
