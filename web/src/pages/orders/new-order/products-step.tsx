import { useState } from 'react';
import { ActionIcon, NumberInput, Paper, Select, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/problem';
import { useQuery } from '../../../api/hooks';
import { formatMoney } from '../../../lib/format';
import type { Entry } from './entry';
import { useTranslation } from 'react-i18next';

type Line = Entry['lines'][number];

/** Product search (SKU or name, GET /products?q=) and the order lines with their quantities. */
export function ProductsStep({ lines, onChange }: { lines: Line[]; onChange: (lines: Line[]) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useQuery((signal) => unwrap(api.GET('/api/v1/products', { signal, params: { query: { q, active: 'true' as never, limit: 20 } } })), [q], { enabled: q.length >= 1 });
  const products = found.data?.items ?? [];
  const add = (sku: string | null) => {
    const p = products.find((x) => x.sku === sku);
    setSearch('');
    if (!p) return;
    const existing = lines.find((l) => l.sku === p.sku);
    onChange(existing ? lines.map((l) => (l.sku === p.sku ? { ...l, quantity: l.quantity + 1 } : l)) : [...lines, { sku: p.sku, name: p.name, quantity: 1, unitPrice: p.price }]);
  };
  return (
    <Paper p="md" withBorder>
      <Title order={3} fz="lg" mb="sm">{t('entry.productsStep.products')}</Title>
      <Select
        label={t('entry.productsStep.addProduct')}
        placeholder={t('entry.productsStep.skuOrProductName')}
        searchable
        data={products.map((p) => ({ value: p.sku, label: `${p.sku} — ${p.name} (${formatMoney(p.price)})` }))}
        value={null}
        searchValue={search}
        onSearchChange={setSearch}
        onChange={add}
        filter={({ options }) => options}
        nothingFoundMessage={q ? (found.loading ? t('entry.searching') : t('entry.noProduct')) : t('entry.typeSku')}
        mb="sm"
      />
      {lines.length === 0 ? (
        <Text c="dimmed" size="sm">{t('entry.productsStep.noProductsYet')}</Text>
      ) : (
        <Table aria-label={t('entry.productsStep.orderLines')} verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('entry.productsStep.product')}</Table.Th>
              <Table.Th w={110}>{t('entry.productsStep.quantity')}</Table.Th>
              <Table.Th ta="right">{t('entry.productsStep.unitPrice')}</Table.Th>
              <Table.Th ta="right">{t('entry.productsStep.total')}</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l) => (
              <Table.Tr key={l.sku} data-testid={`line-${l.sku}`}>
                <Table.Td>
                  <Text size="sm" fw={600} className="mono">{l.sku}</Text>
                  <Text size="xs" c="dimmed">{l.name}</Text>
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={t('orders.edit.quantityOf', { sku: l.sku })}
                    min={1}
                    max={100000}
                    allowDecimal={false}
                    value={l.quantity}
                    onChange={(v) => onChange(lines.map((x) => (x.sku === l.sku ? { ...x, quantity: Math.max(1, Math.trunc(Number(v) || 1)) } : x)))}
                  />
                </Table.Td>
                <Table.Td ta="right">{formatMoney(l.unitPrice)}</Table.Td>
                <Table.Td ta="right">{formatMoney({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency })}</Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={`Remove ${l.sku}`} onClick={() => onChange(lines.filter((x) => x.sku !== l.sku))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
