import { Link } from 'react-router';
import { Anchor, Button, Group, Select, Text } from '@mantine/core';
import { IconScan } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { useUrlFilters } from '../../components/url-state';
import { formatMoney, formatRelative, humanize } from '../../lib/format';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { ReturnStatusBadge, returnStatuses } from './return-badges';

type Return = Schemas['Return'];
type Status = Return['status'];

/** Returns (RMAs), newest first, filtered by status (in the URL). */
export default function ReturnsPage() {
  const filters = useUrlFilters();
  const user = useUser();
  const status = filters.get('status') as Status | '';
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/returns', { signal, params: { query: { limit: 100, ...(status ? { status } : {}) } } })), [status], { refreshMs: 30_000 });
  const money = can.seeMoney(user.role);

  const columns: Column<Return>[] = [
    {
      key: 'number',
      header: 'Return',
      render: (r) => (
        <Anchor component={Link} to={`/returns/${r.id}`} fw={600} size="sm">
          {r.number}
        </Anchor>
      ),
    },
    { key: 'order', header: 'Order', render: (r) => <Anchor component={Link} to={`/orders/${r.orderId}`} size="sm">{r.orderNumber}</Anchor> },
    { key: 'status', header: 'Status', render: (r) => <ReturnStatusBadge status={r.status} /> },
    { key: 'resolution', header: 'Resolution', render: (r) => <Text size="sm">{humanize(r.resolution)}</Text> },
    { key: 'units', header: 'Units', render: (r) => <Text size="sm">{r.lines.reduce((n, l) => n + l.quantity, 0)}</Text> },
    ...(money ? [{ key: 'value', header: 'Refund due', render: (r: Return) => <Text size="sm">{formatMoney(r.totals.refundDue)}</Text> }] : []),
    { key: 'created', header: 'Created', render: (r) => <Text size="sm">{formatRelative(r.createdAt)}</Text> },
  ];

  return (
    <>
      <PageHeader
        title="Returns"
        description="Return requests from agents, the API and the customer portal."
        actions={
          can.fulfil(user.role) && (
            <Button component={Link} to="/returns/receive" leftSection={<IconScan size={16} />}>
              Receiving station
            </Button>
          )
        }
      />
      <Group mb="md">
        <Select label="Status" placeholder="Any" clearable w={180} data={returnStatuses.map((s) => ({ value: s, label: humanize(s) }))} value={status || null} onChange={(v) => filters.set({ status: v })} />
      </Group>
      <DataTable
        label="Returns"
        columns={columns}
        rows={list.data?.items}
        rowKey={(r) => r.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={{ title: 'No returns', description: 'Returns created from an order page or the portal appear here.' }}
      />
    </>
  );
}
