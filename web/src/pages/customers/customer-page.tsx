import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { can } from '../../auth/roles';
import { useUser } from '../../auth/session';
import { CustomerForm } from './customer-form';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { StatusBadge } from '../../components/status-badge';
import { formatDate, formatDateTime, formatMoney, formatNumber, humanize } from '../../lib/format';

type CustomerOrder = Schemas['CustomerOrder'];

export default function CustomerPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const user = useUser();
  const [editing, setEditing] = useState(false);
  const customer = useQuery((signal) => unwrap(api.GET('/api/v1/customers/{id}', { signal, params: { path: { id } } })), [id]);
  const orders = useQuery((signal) => unwrap(api.GET('/api/v1/customers/{id}/orders', { signal, params: { path: { id }, query: { limit: 50 } } })), [id]);
  const c = customer.data;
  const columns: Column<CustomerOrder>[] = [
    { key: 'number', header: 'Order', render: (o) => <Anchor component={Link} to={`/orders/${o.id}`} size="sm" fw={600} onClick={(e) => e.stopPropagation()}>{o.number}</Anchor> },
    { key: 'placed', header: 'Placed', render: (o) => formatDateTime(o.placedAt) },
    { key: 'channel', header: 'Channel', render: (o) => humanize(o.channel) },
    { key: 'status', header: 'Status', render: (o) => <StatusBadge status={o.status} /> },
    { key: 'total', header: 'Total', align: 'right', render: (o) => formatMoney(o.total) },
  ];
  return (
    <>
      <Stack gap={4} mb="lg">
        <Anchor component={Link} to="/customers" size="sm" c="dimmed">
          <Group gap={4}>
            <IconArrowLeft size={14} /> Customers
          </Group>
        </Anchor>
        <Group justify="space-between">
          <Title order={1} fz={26}>
            {c ? c.name : <Skeleton h={28} w={200} />}
          </Title>
          {c && can.writeCustomers(user.role) && (
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
        </Group>
      </Stack>
      {editing && c && <CustomerForm customer={c} onClose={() => setEditing(false)} onSaved={() => customer.reload()} />}
      {customer.error && <Alert color="red" title={customer.error.problem.title} mb="md">{customer.error.problem.detail}</Alert>}
      <SimpleGrid cols={{ base: 1, sm: 4 }} mb="md">
        <Paper p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Email</Text>
          <Text fw={500}>{c?.email ?? '…'}</Text>
        </Paper>
        <Paper p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Phone</Text>
          <Text fw={500}>{c ? (c.phone ?? '—') : '…'}</Text>
        </Paper>
        <Paper p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Orders</Text>
          <Text fw={500}>{c ? formatNumber(c.orderCount) : '…'}</Text>
        </Paper>
        <Paper p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Customer since</Text>
          <Text fw={500}>{c ? formatDate(c.createdAt) : '…'}</Text>
        </Paper>
      </SimpleGrid>
      <DataTable label="Orders of this customer" columns={columns} rows={orders.data?.items} rowKey={(o) => o.id} loading={orders.loading} error={orders.error} onRetry={orders.reload} onRowClick={(o) => navigate(`/orders/${o.id}`)} empty={{ title: 'No orders' }} />
    </>
  );
}
