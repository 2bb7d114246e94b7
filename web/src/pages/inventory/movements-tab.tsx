import { Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { Pager } from '../../components/pager';
import { SearchInput } from '../../components/search-input';
import { ActorName } from '../../components/actor-name';
import { ReasonBadge } from '../../components/status-badge';
import { useCursorPaging, type useUrlFilters } from '../../components/url-state';
import { formatDateTime, formatNumber, humanize } from '../../lib/format';
import { endOfLocalDay, startOfLocalDay } from '../../lib/dates';
import { useTranslation } from 'react-i18next';

type Movement = Schemas['InventoryMovement'];
const reasons = ['receipt', 'adjustment', 'count', 'transfer', 'shipment', 'return', 'write-off'] as const;

export function MovementsTab({ filters, locations, version }: { filters: ReturnType<typeof useUrlFilters>; locations: Array<{ value: string; label: string }>; version: number }) {
  const { t } = useTranslation();
  const paging = useCursorPaging(filters);
  const f = { q: filters.get('q'), sku: filters.get('sku'), location: filters.get('location'), reason: filters.get('reason'), from: filters.get('from'), to: filters.get('to') };
  const q = useQuery(
    (signal) =>
      unwrap(
        api.GET('/api/v1/inventory/movements', {
          signal,
          params: {
            query: {
              limit: 50,
              cursor: paging.cursor,
              q: f.q || undefined,
              sku: f.sku || undefined,
              locationCode: f.location || undefined,
              reason: (f.reason || undefined) as Movement['reason'] | undefined,
              from: f.from ? startOfLocalDay(f.from) : undefined,
              to: f.to ? endOfLocalDay(f.to) : undefined,
            },
          },
        }),
      ),
    [filters.params.toString(), version],
  );
  const columns: Column<Movement>[] = [
    { key: 'at', header: t('inventory.movements.when'), render: (m) => <Text size="sm">{formatDateTime(m.createdAt)}</Text> },
    { key: 'sku', header: t('inventory.sku'), render: (m) => <Text size="sm" fw={600} className="mono">{m.sku}</Text> },
    { key: 'loc', header: t('inventory.location'), render: (m) => m.locationCode },
    {
      key: 'delta',
      header: t('inventory.movements.change'),
      align: 'right',
      render: (m) => (
        <Text size="sm" fw={700} c={m.delta > 0 ? 'teal.7' : 'red.7'}>
          {m.delta > 0 ? '+' : '−'}
          {formatNumber(Math.abs(m.delta))}
        </Text>
      ),
    },
    { key: 'reason', header: t('inventory.movements.reason'), render: (m) => <ReasonBadge reason={m.reason} /> },
    { key: 'ref', header: t('inventory.movements.reference'), render: (m) => <Text size="xs" c="dimmed">{m.referenceType ? `${t(`inventory.movements.referenceType.${m.referenceType}`, { defaultValue: humanize(m.referenceType) })} ${m.referenceId?.slice(0, 8) ?? ''}` : '—'}</Text> },
    { key: 'note', header: t('inventory.note'), render: (m) => <Text size="sm" lineClamp={1}>{m.note ?? ''}</Text> },
    { key: 'actor', header: t('inventory.movements.by'), render: (m) => <ActorName id={m.actor} /> },
  ];
  return (
    <>
      <Paper p="md" mb="md">
        <Group align="flex-end" gap="sm">
          <SearchInput label={t('common.search')} placeholder={t('inventory.searchPlaceholder')} value={f.q} onChange={(v) => { paging.reset(); filters.set({ q: v }); }} w={220} />
          <SearchInput label={t('inventory.sku')} placeholder={t('inventory.movements.skuPlaceholder')} value={f.sku} onChange={(v) => { paging.reset(); filters.set({ sku: v }); }} w={220} />
          <Select label={t('inventory.location')} placeholder={t('inventory.allLocations')} clearable data={locations} value={f.location || null} onChange={(v) => { paging.reset(); filters.set({ location: v }); }} w={220} />
          <Select label={t('inventory.movements.reason')} placeholder={t('inventory.movements.anyReason')} clearable data={reasons.map((r) => ({ value: r, label: t(`reason.${r}`) }))} value={f.reason || null} onChange={(v) => { paging.reset(); filters.set({ reason: v }); }} w={160} />
          <TextInput label={t('orders.list.from')} type="date" value={f.from} onChange={(e) => filters.set({ from: e.currentTarget.value })} w={150} />
          <TextInput label={t('orders.list.to')} type="date" value={f.to} onChange={(e) => filters.set({ to: e.currentTarget.value })} w={150} />
        </Group>
      </Paper>
      <DataTable
        label={t('inventory.movements.title')}
        columns={columns}
        rows={q.data?.items}
        rowKey={(m) => String(m.id)}
        loading={q.loading}
        error={q.error}
        onRetry={q.reload}
        minWidth={900}
        empty={{ title: t('inventory.movements.noMatch'), description: t('inventory.movements.emptyHint') }}
        footer={<Pager paging={paging} nextCursor={q.data?.nextCursor} count={q.data?.items.length} />}
      />
    </>
  );
}
