import { useState } from 'react';
import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { SearchInput } from '../../components/search-input';
import { useCursorPaging, useUrlFilters } from '../../components/url-state';
import { formatMoney } from '../../lib/format';
import { ProductForm } from './product-form';
import { useTranslation } from 'react-i18next';

type Product = Schemas['Product'];

export default function ProductsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const money = can.seeMoney(user.role);
  const write = can.writeCatalog(user.role);
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const q = filters.get('q');
  const active = filters.get('active');
  const list = useQuery(
    (signal) => unwrap(api.GET('/api/v1/products', { signal, params: { query: { limit: 50, cursor: paging.cursor, q: q || undefined, active: (active || undefined) as 'true' | 'false' | undefined } } })),
    [filters.params.toString()],
  );
  const columns: Column<Product>[] = [
    {
      key: 'name',
      header: t('misc.products.product'),
      render: (p) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {p.name}
          </Text>
          <Text size="xs" c="dimmed" className="mono">
            {p.sku}
          </Text>
        </Stack>
      ),
    },
    { key: 'gtin', header: t('misc.products.gtin'), render: (p) => <Text size="sm" className="mono">{p.gtin ?? '—'}</Text> },
    { key: 'weight', header: t('misc.products.weight'), align: 'right', render: (p) => (p.weightGrams !== null ? `${p.weightGrams} g` : '—') },
    { key: 'returnable', header: t('misc.products.returnable'), render: (p) => (p.returnable ? t('common.yes') : t('common.no')) },
    { key: 'status', header: t('misc.products.status'), render: (p) => <Badge variant="light" color={p.active ? 'green' : 'gray'} tt="none" radius="sm">{p.active ? t('misc.products.active') : t('misc.products.inactive')}</Badge> },
    { key: 'price', header: t('misc.products.price'), align: 'right', hidden: !money, render: (p) => <Text size="sm" fw={600}>{formatMoney(p.price)}</Text> },
  ];
  return (
    <>
      <PageHeader
        title={t('misc.products.products')}
        description={t('misc.products.theCatalogWhatCan')}
        actions={write && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('misc.products.newProduct')}</Button>}
      />
      <Paper p="md" mb="md">
        <Group align="flex-end">
          <SearchInput label={t('misc.products.search')} placeholder={t('misc.products.skuNameOrGtin')} value={q} onChange={(v) => { paging.reset(); filters.set({ q: v }); }} />
          <SegmentedControl
            aria-label={t('misc.products.productStatus')}
            value={active}
            onChange={(v) => filters.set({ active: v })}
            data={[
              { value: '', label: t('misc.products.all') },
              { value: 'true', label: t('misc.products.active') },
              { value: 'false', label: t('misc.products.inactive') },
            ]}
          />
        </Group>
      </Paper>
      <DataTable
        label={t('misc.products.products')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(p) => p.sku}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={write ? (p) => setEditing(p) : undefined}
        empty={{ title: q ? t('misc.noProductsMatch') : t('misc.noProducts'), description: write ? t('misc.createFirstProduct') : undefined }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
      {editing && <ProductForm product={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onSaved={list.reload} />}
    </>
  );
}
