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

type Product = Schemas['Product'];

export default function ProductsPage() {
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
      header: 'Product',
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
    { key: 'gtin', header: 'GTIN', render: (p) => <Text size="sm" className="mono">{p.gtin ?? '—'}</Text> },
    { key: 'weight', header: 'Weight', align: 'right', render: (p) => (p.weightGrams !== null ? `${p.weightGrams} g` : '—') },
    { key: 'returnable', header: 'Returnable', render: (p) => (p.returnable ? 'Yes' : 'No') },
    { key: 'status', header: 'Status', render: (p) => <Badge variant="light" color={p.active ? 'green' : 'gray'} tt="none" radius="sm">{p.active ? 'Active' : 'Inactive'}</Badge> },
    { key: 'price', header: 'Price', align: 'right', hidden: !money, render: (p) => <Text size="sm" fw={600}>{formatMoney(p.price)}</Text> },
  ];
  return (
    <>
      <PageHeader
        title="Products"
        description="The catalog: what can be sold, stocked and shipped."
        actions={write && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>New product</Button>}
      />
      <Paper p="md" mb="md">
        <Group align="flex-end">
          <SearchInput label="Search" placeholder="SKU, name or GTIN" value={q} onChange={(v) => { paging.reset(); filters.set({ q: v }); }} />
          <SegmentedControl
            aria-label="Product status"
            value={active}
            onChange={(v) => filters.set({ active: v })}
            data={[
              { value: '', label: 'All' },
              { value: 'true', label: 'Active' },
              { value: 'false', label: 'Inactive' },
            ]}
          />
        </Group>
      </Paper>
      <DataTable
        label="Products"
        columns={columns}
        rows={list.data?.items}
        rowKey={(p) => p.sku}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={write ? (p) => setEditing(p) : undefined}
        empty={{ title: q ? 'No products match' : 'No products yet', description: write ? 'Create your first product to start taking orders.' : undefined }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
      {editing && <ProductForm product={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onSaved={list.reload} />}
    </>
  );
}
