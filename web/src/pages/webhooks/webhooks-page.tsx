import { useState } from 'react';
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, MultiSelect, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconPlus } from '@tabler/icons-react';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../lib/format';
import { webhooksApi, type Delivery, type DeliveryStatus, type Subscription } from './webhooks-api';

const deliveryColor: Record<DeliveryStatus, string> = { pending: 'yellow', succeeded: 'teal', failed: 'red' };

/** Event types of the catalog, from the AsyncAPI document the server generates. */
function useEventTypes() {
  return useQuery(async (signal) => {
    const res = await fetch('/api/v1/asyncapi.json', { signal });
    const doc = (await res.json()) as { channels: Record<string, unknown> };
    return Object.keys(doc.channels).sort();
  }, []);
}

/** Outbound webhook endpoints, their delivery log and replay (docs/webhooks.md). */
export default function WebhooksPage() {
  const list = useQuery((signal) => unwrap(webhooksApi.GET('/api/v1/webhooks', { signal })), []);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [selected, setSelected] = useState<Subscription | null>(null);
  const act = useSubmit();
  const disabled = list.data?.items.filter((s) => !s.enabled && s.disabledReason) ?? [];

  const setEnabled = (s: Subscription, enabled: boolean) =>
    act.run(() => unwrap(webhooksApi.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: s.id } }, body: { enabled } })), () => list.reload());
  const rotate = (s: Subscription) =>
    act.run(() => unwrap(webhooksApi.POST('/api/v1/webhooks/{id}/rotate-secret', { params: { path: { id: s.id } } })), (r) => setSecret({ url: r.url, secret: r.secret }));
  const remove = (s: Subscription) =>
    act.run(() => unwrap(webhooksApi.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: s.id } } })), () => {
      notifications.show({ message: 'Subscription deleted' });
      setSelected(null);
      list.reload();
    });

  const columns: Column<Subscription>[] = [
    { key: 'url', header: 'Endpoint', render: (s) => <Stack gap={0}><Code>{s.url}</Code>{s.description && <Text size="xs" c="dimmed">{s.description}</Text>}</Stack> },
    { key: 'types', header: 'Events', render: (s) => <Text size="sm">{s.eventTypes.length > 3 ? `${s.eventTypes.slice(0, 3).join(', ')} +${s.eventTypes.length - 3}` : s.eventTypes.join(', ')}</Text> },
    {
      key: 'state',
      header: 'State',
      render: (s) => (
        <Group gap={4}>
          <Badge color={s.enabled ? (s.failingSince ? 'orange' : 'teal') : 'red'} variant="light">{s.enabled ? (s.failingSince ? 'failing' : 'enabled') : 'disabled'}</Badge>
          {s.pendingDeliveries > 0 && <Badge variant="outline">{s.pendingDeliveries} pending</Badge>}
        </Group>
      ),
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (s) => (
        <Group gap={4} justify="flex-end" onClick={(e) => e.stopPropagation()}>
          <Switch size="xs" checked={s.enabled} onChange={(e) => void setEnabled(s, e.currentTarget.checked)} aria-label={`Enabled: ${s.url}`} />
          <Button size="compact-xs" variant="subtle" onClick={() => void rotate(s)}>Rotate secret</Button>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove(s)}>Delete</Button>
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive Ordo's events, signed per Standard Webhooks and retried for about three days."
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>Add endpoint</Button>}
      />
      {disabled.map((s) => (
        <Alert key={s.id} color="red" icon={<IconAlertTriangle size={18} />} mb="md" title={`Disabled after persistent failure: ${s.url}`}>
          <Text size="sm">{s.disabledReason} ({formatDateTime(s.disabledAt)}). Its later deliveries wait; enable it again to send them.</Text>
        </Alert>
      ))}
      <DataTable
        label="Webhook subscriptions"
        columns={columns}
        rows={list.data?.items}
        rowKey={(s) => s.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={setSelected}
        empty={{ title: 'No webhook endpoints yet' }}
      />
      {selected && <Deliveries subscription={selected} onClose={() => setSelected(null)} />}
      {adding && <AddModal onClose={() => setAdding(false)} onCreated={(s) => { setSecret(s); list.reload(); }} />}
      <Modal opened={!!secret} onClose={() => setSecret(null)} title="Signing secret" centered>
        <Stack>
          <Text size="sm">Give this secret to the receiver of <Code>{secret?.url}</Code>. It is not shown again.</Text>
          <Code block>{secret?.secret}</Code>
          <Group justify="flex-end">
            <CopyButton value={secret?.secret ?? ''}>{({ copied, copy }) => <Button variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
            <Button onClick={() => setSecret(null)}>Done</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function AddModal({ onClose, onCreated }: { onClose: () => void; onCreated: (s: { url: string; secret: string }) => void }) {
  const types = useEventTypes();
  const form = useForm({ initialValues: { url: '', eventTypes: [] as string[], description: '' } });
  const { run, busy } = useSubmit(form);
  const submit = () =>
    run(
      () => unwrap(webhooksApi.POST('/api/v1/webhooks', { body: { url: form.values.url, eventTypes: form.values.eventTypes, enabled: true, ...(form.values.description ? { description: form.values.description } : {}) } })),
      (s) => {
        onCreated({ url: s.url, secret: s.secret });
        onClose();
      },
    );
  return (
    <Modal opened onClose={onClose} title="Add webhook endpoint" centered size="lg">
      <form onSubmit={form.onSubmit(() => void submit())}>
        <Stack>
          <TextInput label="URL" placeholder="https://example.com/ordo-webhooks" required data-autofocus {...form.getInputProps('url')} />
          <MultiSelect label="Events" searchable required data={['*', ...(types.data ?? [])]} placeholder="order.placed, shipment.delivered…" {...form.getInputProps('eventTypes')} />
          <TextInput label="Description" {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button type="submit" loading={busy}>Add</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Deliveries({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const list = useQuery((signal) => unwrap(webhooksApi.GET('/api/v1/webhooks/{id}/deliveries', { signal, params: { path: { id: subscription.id }, query: { limit: 50 } } })), [subscription.id]);
  const [open, setOpen] = useState<Delivery | null>(null);
  const replay = useSubmit();
  const columns: Column<Delivery>[] = [
    { key: 'type', header: 'Event', render: (d) => <Code>{d.eventType}</Code> },
    { key: 'status', header: 'Status', render: (d) => <Badge color={deliveryColor[d.status]} variant="light">{d.status}</Badge> },
    { key: 'attempts', header: 'Attempts', align: 'right', render: (d) => d.attempts },
    { key: 'response', header: 'Last response', render: (d) => (d.responseStatus ?? d.lastError ?? '—') },
    { key: 'at', header: 'Created', render: (d) => formatDateTime(d.createdAt) },
    {
      key: 'replay',
      header: '',
      align: 'right',
      render: (d) => (
        <Button size="compact-xs" variant="subtle" onClick={(e) => { e.stopPropagation(); void replay.run(() => unwrap(webhooksApi.POST('/api/v1/webhook-deliveries/{deliveryId}/replay', { params: { path: { deliveryId: d.id } } })), () => { notifications.show({ message: 'Delivery queued again' }); list.reload(); }); }}>
          Replay
        </Button>
      ),
    },
  ];
  return (
    <Modal opened onClose={onClose} title={`Deliveries to ${subscription.url}`} size="xl">
      <DataTable label="Deliveries" columns={columns} rows={list.data?.items} rowKey={(d) => d.id} loading={list.loading} error={list.error} onRetry={list.reload} onRowClick={setOpen} empty={{ title: 'No deliveries yet' }} minWidth={640} />
      {open && <Attempts delivery={open} onClose={() => setOpen(null)} />}
    </Modal>
  );
}

function Attempts({ delivery, onClose }: { delivery: Delivery; onClose: () => void }) {
  const detail = useQuery((signal) => unwrap(webhooksApi.GET('/api/v1/webhook-deliveries/{deliveryId}', { signal, params: { path: { deliveryId: delivery.id } } })), [delivery.id]);
  return (
    <Modal opened onClose={onClose} title={`${delivery.eventType} · ${delivery.status}`} size="lg">
      <Stack>
        <Text size="sm" fw={500}>Request body</Text>
        <Code block>{detail.data?.request.body}</Code>
        <Table>
          <Table.Thead>
            <Table.Tr><Table.Th>#</Table.Th><Table.Th>At</Table.Th><Table.Th>Status</Table.Th><Table.Th>Latency</Table.Th><Table.Th>Response</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detail.data?.log.map((a) => (
              <Table.Tr key={a.attempt + a.at}>
                <Table.Td>{a.attempt}</Table.Td>
                <Table.Td>{formatDateTime(a.at)}</Table.Td>
                <Table.Td>{a.responseStatus ?? '—'}</Table.Td>
                <Table.Td>{a.latencyMs} ms</Table.Td>
                <Table.Td><Text size="xs" lineClamp={3}>{a.error ?? a.responseBody}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Modal>
  );
}
