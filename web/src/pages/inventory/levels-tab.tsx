import { Badge, Group, Paper, Select, Switch, Text } from '@mantine/core';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { Pager } from '../../components/pager';
import { SearchInput } from '../../components/search-input';
import { useCursorPaging, type useUrlFilters } from '../../components/url-state';
import { formatNumber } from '../../lib/format';
import { useTranslation } from 'react-i18next';

type Level = Schemas['InventoryLevel'];

function Available({ l }: { l: Level }) {
  const color = l.available === 0 ? 'red' : l.reorderPoint > 0 && l.onHand - l.reserved <= l.reorderPoint ? 'orange' : 'green';
  return (
    <Badge size="lg" variant="light" color={color} radius="sm" fw={700} data-testid={`available-${l.sku}-${l.locationCode}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {formatNumber(l.available)}
    </Badge>
  );
}

export function LevelsTab({ filters, locations, version }: { filters: ReturnType<typeof useUrlFilters>; locations: Array<{ value: string; label: string }>; version: number }) {
  const { t } = useTranslation();
  const paging = useCursorPaging(filters);
  const search = filters.get('q');
  const sku = filters.get('sku');
  const location = filters.get('location');
  const low = filters.get('low') === 'true';
  const q = useQuery(
    (signal) =>
      unwrap(
        api.GET('/api/v1/inventory', {
          signal,
          params: { query: { limit: 50, cursor: paging.cursor, q: search || undefined, sku: sku || undefined, locationCode: location || undefined, belowReorderPoint: low ? 'true' : undefined } as never },
        }),
      ),
    [filters.params.toString(), version],
  );
  const columns: Column<Level>[] = [
    { key: 'sku', header: t('inventory.sku'), render: (l) => <Text size="sm" fw={600} className="mono">{l.sku}</Text> },
    { key: 'name', header: t('inventory.product'), render: (l) => <Text size="sm" lineClamp={1}>{l.productName ?? ''}</Text> },
    { key: 'loc', header: t('inventory.location'), render: (l) => <Text size="sm">{l.locationCode}</Text> },
    { key: 'bin', header: t('inventory.bin'), render: (l) => <Text size="sm" c="dimmed">{l.bin ?? '—'}</Text> },
    { key: 'onHand', header: t('inventory.onHand'), align: 'right', render: (l) => formatNumber(l.onHand) },
    { key: 'reserved', header: t('inventory.reserved'), align: 'right', render: (l) => formatNumber(l.reserved) },
    { key: 'safety', header: t('inventory.safety'), align: 'right', render: (l) => formatNumber(l.safetyStock) },
    { key: 'available', header: t('inventory.available'), align: 'right', render: (l) => <Available l={l} /> },
    { key: 'reorder', header: t('inventory.reorderPoint'), align: 'right', render: (l) => (l.reorderPoint ? formatNumber(l.reorderPoint) : '—') },
  ];
  return (
    <>
      <Paper p="md" mb="md">
        <Group align="flex-end" gap="sm">
          <SearchInput label={t('common.search')} placeholder={t('inventory.searchPlaceholder')} value={search} onChange={(v) => { paging.reset(); filters.set({ q: v }); }} w={260} />
          <SearchInput label={t('inventory.sku')} placeholder={t('inventory.levels.skuPlaceholder')} value={sku} onChange={(v) => { paging.reset(); filters.set({ sku: v }); }} />
          <Select label={t('inventory.location')} placeholder={t('inventory.allLocations')} clearable data={locations} value={location || null} onChange={(v) => { paging.reset(); filters.set({ location: v }); }} w={240} searchable />
          <Switch label={t('inventory.levels.low')} checked={low} onChange={(e) => filters.set({ low: e.currentTarget.checked ? 'true' : null })} mb={8} />
        </Group>
      </Paper>
      <DataTable
        label={t('inventory.levels.title')}
        columns={columns}
        rows={q.data?.items}
        rowKey={(l) => `${l.sku}@${l.locationCode}`}
        loading={q.loading}
        error={q.error}
        onRetry={q.reload}
        empty={{ title: search || sku || location || low ? t('inventory.levels.noMatch') : t('inventory.levels.empty'), description: t('inventory.levels.emptyHint') }}
        footer={<Pager paging={paging} nextCursor={q.data?.nextCursor} count={q.data?.items.length} />}
      />
    </>
  );
}
