import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Anchor, Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconArrowsJoin, IconPencil } from '@tabler/icons-react';
import { can } from '../../auth/roles';
import { useUser } from '../../auth/session';
import { CustomerForm } from './customer-form';
import { MergeDialog, canMerge } from './merge-dialog';
import { CustomerAddresses } from './customer-addresses';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { StatusBadge } from '../../components/status-badge';
import { NotesPanel, TagsEditor } from '../../components/notes-panel';
import { formatDate, formatDateTime, formatMoney, formatNumber, humanize } from '../../lib/format';
import { Trans, useTranslation } from 'react-i18next';
import { channelLabel } from '../orders/order-labels';
import { returnLabel } from '../returns/return-badges';

type CustomerOrder = Schemas['CustomerOrder'];
type Overview = Schemas['CustomerOverview'];
type Merge = Schemas['CustomerMerge'];
type Message = Overview['messages'][number];
type Return = Overview['returns'][number];

function Figure({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Paper p="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      {children}
    </Paper>
  );
}

/** Customer 360: figures, orders, returns, messages, notes, tags, addresses and merges of one customer. */
export default function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const user = useUser();
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const overview = useQuery((signal) => unwrap(api.GET('/api/v1/customers/{id}/overview', { signal, params: { path: { id } } })), [id], { enabled: user.role !== 'integration' });
  const basic = useQuery((signal) => unwrap(api.GET('/api/v1/customers/{id}', { signal, params: { path: { id } } })), [id], { enabled: user.role === 'integration' });
  const orders = useQuery((signal) => unwrap(api.GET('/api/v1/customers/{id}/orders', { signal, params: { path: { id }, query: { limit: 100 } } })), [id]);
  const o = overview.data;
  const c = o?.customer ?? basic.data;
  const reload = () => {
    overview.reload();
    orders.reload();
  };
  const { run } = useSubmit();
  const undo = (m: Merge) =>
    run(() => unwrap(api.POST('/api/v1/customers/merges/{mergeId}/undo', { params: { path: { mergeId: m.id } } })), () => {
      notifications.show({ color: 'green', message: t('customers.customer.mergeUndone') });
      reload();
    });
  const onMerged = (m: Merge) => {
    notifications.show({
      color: 'blue',
      autoClose: 15000,
      message: (
        <Group gap="xs">
          <Text size="sm">{t('customers.customer.customersMerged')}</Text>
          <Anchor size="sm" component="button" onClick={() => void undo(m)}>{t('customers.customer.undo')}</Anchor>
        </Group>
      ),
    });
    reload();
  };

  const orderColumns: Column<CustomerOrder>[] = [
    { key: 'number', header: t('customers.customer.order'), render: (r) => <Anchor component={Link} to={`/orders/${r.id}`} size="sm" fw={600} onClick={(e) => e.stopPropagation()}>{r.number}</Anchor> },
    { key: 'placed', header: t('customers.customer.placed'), render: (r) => formatDateTime(r.placedAt) },
    { key: 'channel', header: t('customers.customer.channel'), render: (r) => channelLabel(r.channel) },
    { key: 'status', header: t('customers.customer.status'), render: (r) => <StatusBadge status={r.status} /> },
    { key: 'total', header: t('customers.customer.total'), align: 'right', render: (r) => formatMoney(r.total) },
  ];
  const returnColumns: Column<Return>[] = [
    { key: 'number', header: t('customers.customer.return'), render: (r) => r.number },
    { key: 'created', header: t('customers.customer.requested'), render: (r) => formatDateTime(r.createdAt) },
    { key: 'status', header: t('customers.customer.status'), render: (r) => <StatusBadge status={r.status} /> },
    { key: 'resolution', header: t('customers.customer.resolution'), render: (r) => returnLabel('resolution', r.resolution) },
  ];
  const messageColumns: Column<Message>[] = [
    { key: 'created', header: t('customers.customer.queued'), render: (m) => formatDateTime(m.createdAt) },
    { key: 'template', header: t('customers.customer.message'), render: (m) => humanize(m.template) },
    { key: 'channel', header: t('customers.customer.channel'), render: (m) => m.channel.toUpperCase() },
    { key: 'recipient', header: t('customers.customer.to'), render: (m) => m.recipient },
    { key: 'status', header: t('customers.customer.status'), render: (m) => <StatusBadge status={m.status} /> },
    { key: 'sent', header: t('customers.customer.sent'), render: (m) => formatDateTime(m.sentAt) },
  ];
  const mergeColumns: Column<Merge>[] = [
    { key: 'at', header: t('customers.customer.merged'), render: (m) => formatDateTime(m.mergedAt) },
    {
      key: 'what',
      header: t('customers.customer.merge'),
      render: (m) =>
        m.targetId === id ? (
          <Text size="sm">
            <Trans i18nKey="customers.customer.mergedFrom" components={{ link: <Anchor component={Link} to={`/customers/${m.sourceId}`} /> }} />
          </Text>
        ) : (
          <Text size="sm">
            <Trans i18nKey="customers.customer.mergedTo" components={{ link: <Anchor component={Link} to={`/customers/${m.targetId}`} /> }} />
          </Text>
        ),
    },
    { key: 'moved', header: t('customers.customer.moved'), render: (m) => `${t('customers.customer.movedOrders', { count: (m.moved.orders as unknown[] | undefined)?.length ?? 0 })}, ${t('customers.customer.movedNotes', { count: (m.moved.notes as unknown[] | undefined)?.length ?? 0 })}` },
    { key: 'by', header: t('customers.customer.by'), render: (m) => m.actor },
    {
      key: 'undo',
      header: '',
      align: 'right',
      render: (m) =>
        m.undoneAt ? (
          <Text size="sm" c="dimmed">Undone {formatDateTime(m.undoneAt)}</Text>
        ) : canMerge(user.role) ? (
          <Button size="xs" variant="default" onClick={() => void undo(m)}>{t('customers.customer.undoMerge')}</Button>
        ) : null,
    },
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
          <Group gap="xs">
            {c && !c.mergedIntoId && canMerge(user.role) && (
              <Button variant="default" leftSection={<IconArrowsJoin size={16} />} onClick={() => setMerging(true)}>
                {t('customers.customer.merge2')}
              </Button>
            )}
            {c && can.writeCustomers(user.role) && (
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                {t('customers.customer.edit')}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
      {editing && c && <CustomerForm customer={c} onClose={() => setEditing(false)} onSaved={reload} />}
      {merging && c && <MergeDialog target={c} onClose={() => setMerging(false)} onMerged={onMerged} />}
      {(overview.error ?? basic.error) && <Alert color="red" title={(overview.error ?? basic.error)!.problem.title} mb="md">{(overview.error ?? basic.error)!.problem.detail}</Alert>}
      {c?.mergedIntoId && (
        <Alert color="orange" mb="md" title={t('customers.customer.merged')}>
          <Trans i18nKey="customers.customer.mergedInto" values={{ date: formatDate(c.mergedAt) }} components={{ link: <Anchor component={Link} to={`/customers/${c.mergedIntoId}`} /> }} />
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3, lg: 6 }} mb="md">
        <Figure label={t('customers.customer.email')}><Text fw={500}>{c?.email ?? '…'}</Text></Figure>
        <Figure label={t('customers.customer.phone')}><Text fw={500}>{c ? (c.phone ?? '—') : '…'}</Text></Figure>
        <Figure label={t('customers.customer.orders')} testId="figure-orders"><Text fw={500}>{c ? formatNumber(o?.figures.orderCount ?? c.orderCount) : '…'}</Text></Figure>
        <Figure label={t('customers.customer.lifetimeValue')} testId="figure-ltv">
          {o ? (o.figures.perCurrency.length ? o.figures.perCurrency.map((f) => <Text fw={500} key={f.currency}>{formatMoney(f.lifetimeValue)}</Text>) : <Text fw={500}>—</Text>) : <Text>…</Text>}
        </Figure>
        <Figure label={t('customers.customer.storeCredit')}>
          {o ? (o.storeCredit.length ? o.storeCredit.map((m) => <Text fw={500} key={m.currency}>{formatMoney(m)}</Text>) : <Text fw={500}>—</Text>) : <Text>…</Text>}
        </Figure>
        <Figure label={t('customers.customer.customerSince')}><Text fw={500}>{c ? formatDate(c.createdAt) : '…'}</Text></Figure>
      </SimpleGrid>
      {user.role !== 'integration' && (
        <Paper p="md" mb="md">
          <TagsEditor key={o?.tags.join(',')} subject={{ type: 'customer', id }} />
        </Paper>
      )}
      <Tabs defaultValue="orders" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="orders">Orders {orders.data && <Badge size="xs" variant="light" ml={4}>{orders.data.items.length}</Badge>}</Tabs.Tab>
          {o && <Tabs.Tab value="returns">{t('customers.customer.returns')}</Tabs.Tab>}
          {o && <Tabs.Tab value="messages">{t('customers.customer.messages')}</Tabs.Tab>}
          {o && <Tabs.Tab value="notes">Notes {o.notes.filter((n) => !n.deleted).length > 0 && <Badge size="xs" variant="light" ml={4}>{o.notes.filter((n) => !n.deleted).length}</Badge>}</Tabs.Tab>}
          {o && <Tabs.Tab value="addresses">{t('customers.customer.addresses')}</Tabs.Tab>}
          {o && <Tabs.Tab value="merges">{t('customers.customer.merges')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="orders">
          <DataTable label={t('customers.customer.ordersOfThisCustomer')} columns={orderColumns} rows={orders.data?.items} rowKey={(r) => r.id} loading={orders.loading} error={orders.error} onRetry={orders.reload} onRowClick={(r) => navigate(`/orders/${r.id}`)} empty={{ title: t('customers.customer.noOrders') }} />
        </Tabs.Panel>
        <Tabs.Panel value="returns">
          <DataTable label={t('customers.customer.returnsOfThisCustomer')} columns={returnColumns} rows={o?.returns} rowKey={(r) => r.id} loading={overview.loading} empty={{ title: t('customers.customer.noReturns') }} />
        </Tabs.Panel>
        <Tabs.Panel value="messages">
          <DataTable label={t('customers.customer.messagesSentToThis')} columns={messageColumns} rows={o?.messages} rowKey={(m) => m.id} loading={overview.loading} empty={{ title: t('customers.customer.noMessages') }} />
        </Tabs.Panel>
        <Tabs.Panel value="notes">
          <NotesPanel subject={{ type: 'customer', id }} />
        </Tabs.Panel>
        <Tabs.Panel value="addresses">
          {o && <CustomerAddresses customerId={id} items={o.addresses} write={can.writeCustomers(user.role) && !c?.mergedIntoId} onChange={overview.reload} />}
        </Tabs.Panel>
        <Tabs.Panel value="merges">
          <DataTable label={t('customers.customer.mergesOfThisCustomer')} columns={mergeColumns} rows={o?.merges} rowKey={(m) => m.id} loading={overview.loading} empty={{ title: t('customers.customer.noMerges') }} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
