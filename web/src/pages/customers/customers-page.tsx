import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Group, Paper, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { can } from '../../auth/roles';
import { useUser } from '../../auth/session';
import { CustomerForm } from './customer-form';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { SearchInput } from '../../components/search-input';
import { useCursorPaging, useUrlFilters } from '../../components/url-state';
import { formatDate, formatNumber } from '../../lib/format';
import { useTranslation } from 'react-i18next';

type Customer = Schemas['Customer'];

export default function CustomersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  const [creating, setCreating] = useState(false);
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const q = filters.get('q');
  const tag = filters.get('tag');
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/customers', { signal, params: { query: { limit: 50, cursor: paging.cursor, q: q || undefined, tag: tag || undefined } } })), [filters.params.toString()]);
  const columns: Column<Customer>[] = [
    { key: 'name', header: t('customers.customers.name'), render: (c) => <Group gap={6}><Text size="sm" fw={600}>{c.name}</Text>{c.mergedIntoId && <Badge size="xs" color="orange" variant="light">merged</Badge>}</Group> },
    { key: 'email', header: t('customers.customers.email'), render: (c) => <Text size="sm">{c.email}</Text> },
    { key: 'phone', header: t('customers.customers.phone'), render: (c) => <Text size="sm" c="dimmed">{c.phone ?? '—'}</Text> },
    { key: 'orders', header: t('customers.customers.orders'), align: 'right', render: (c) => formatNumber(c.orderCount) },
    { key: 'since', header: t('customers.customers.customerSince'), render: (c) => formatDate(c.createdAt) },
  ];
  return (
    <>
      <PageHeader
        title={t('customers.customers.customers')}
        description={t('customers.customers.peopleWhoOrderedFrom')}
        actions={can.writeCustomers(user.role) && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>{t('customers.customers.newCustomer')}</Button>}
      />
      {creating && <CustomerForm onClose={() => setCreating(false)} onSaved={(c) => navigate(`/customers/${c.id}`)} />}
      <Paper p="md" mb="md">
        <Group grow align="flex-end">
          <SearchInput label={t('customers.customers.search')} placeholder={t('customers.customers.nameOrEmail')} value={q} onChange={(v) => { paging.reset(); filters.set({ q: v }); }} />
          <SearchInput label={t('customers.customers.tag')} placeholder={t('customers.customers.eGVip')} value={tag} onChange={(v) => { paging.reset(); filters.set({ tag: v }); }} />
        </Group>
      </Paper>
      <DataTable
        label={t('customers.customers.customers')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(c) => c.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={(c) => navigate(`/customers/${c.id}`)}
        empty={{ title: q ? 'No customers match' : 'No customers yet', description: t('customers.customers.customersAppearWithTheir') }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
    </>
  );
}
