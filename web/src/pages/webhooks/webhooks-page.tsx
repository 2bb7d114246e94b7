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
import { Trans, useTranslation } from 'react-i18next';

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
  const { t } = useTranslation();
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
      notifications.show({ message: t('admin.webhooks.subscriptionDeleted') });
      setSelected(null);
      list.reload();
    });

  const columns: Column<Subscription>[] = [
    { key: 'url', header: t('admin.webhooks.endpoint'), render: (s) => <Stack gap={0}><Code>{s.url}</Code>{s.description && <Text size="xs" c="dimmed">{s.description}</Text>}</Stack> },
    { key: 'types', header: t('admin.webhooks.events'), render: (s) => <Text size="sm">{s.eventTypes.length > 3 ? `${s.eventTypes.slice(0, 3).join(', ')} +${s.eventTypes.length - 3}` : s.eventTypes.join(', ')}</Text> },
    {
      key: 'state',
      header: t('admin.webhooks.state'),
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
          <Button size="compact-xs" variant="subtle" onClick={() => void rotate(s)}>{t('admin.webhooks.rotateSecret')}</Button>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove(s)}>{t('admin.webhooks.delete')}</Button>
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('admin.webhooks.webhooks')}
        description={t('admin.webhooks.endpointsThatReceiveOrdo')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>{t('admin.webhooks.addEndpoint')}</Button>}
      />
      {disabled.map((s) => (
        <Alert key={s.id} color="red" icon={<IconAlertTriangle size={18} />} mb="md" title={t('admin.disabledAfter', { url: s.url })}>
          <Text size="sm">{s.disabledReason} ({formatDateTime(s.disabledAt)}). Its later deliveries wait; enable it again to send them.</Text>
        </Alert>
      ))}
      <DataTable
        label={t('admin.webhooks.webhookSubscriptions')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(s) => s.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={setSelected}
        empty={{ title: t('admin.webhooks.noWebhookEndpointsYet') }}
      />
      {selected && <Deliveries subscription={selected} onClose={() => setSelected(null)} />}
      {adding && <AddModal onClose={() => setAdding(false)} onCreated={(s) => { setSecret(s); list.reload(); }} />}
      <Modal opened={!!secret} onClose={() => setSecret(null)} title={t('admin.webhooks.signingSecret')} centered>
        <Stack>
          <Text size="sm"><Trans i18nKey="admin.giveSecret" values={{ url: secret?.url ?? '' }} components={{ code: <Code /> }} /></Text>
          <Code block>{secret?.secret}</Code>
          <Group justify="flex-end">
            <CopyButton value={secret?.secret ?? ''}>{({ copied, copy }) => <Button variant="default" onClick={copy}>{copied ? t('admin.copied') : t('admin.copy')}</Button>}</CopyButton>
            <Button onClick={() => setSecret(null)}>{t('admin.webhooks.done')}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function AddModal({ onClose, onCreated }: { onClose: () => void; onCreated: (s: { url: string; secret: string }) => void }) {
  const { t } = useTranslation();
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
    <Modal opened onClose={onClose} title={t('admin.webhooks.addWebhookEndpoint')} centered size="lg">
      <form onSubmit={form.onSubmit(() => void submit())}>
        <Stack>
          <TextInput label={t('admin.webhooks.url')} placeholder={t('admin.webhooks.httpsExampleComOrdo')} required data-autofocus {...form.getInputProps('url')} />
          <MultiSelect label={t('admin.webhooks.events')} searchable required data={['*', ...(types.data ?? [])]} placeholder={t('admin.webhooks.orderPlacedShipmentDelivered')} {...form.getInputProps('eventTypes')} />
          <TextInput label={t('admin.webhooks.description')} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('admin.webhooks.back')}</Button>
            <Button type="submit" loading={busy}>{t('admin.webhooks.add')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Deliveries({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const { t } = useTranslation();
  const list = useQuery((signal) => unwrap(webhooksApi.GET('/api/v1/webhooks/{id}/deliveries', { signal, params: { path: { id: subscription.id }, query: { limit: 50 } } })), [subscription.id]);
  const [open, setOpen] = useState<Delivery | null>(null);
  const replay = useSubmit();
  const columns: Column<Delivery>[] = [
    { key: 'type', header: t('admin.webhooks.event'), render: (d) => <Code>{d.eventType}</Code> },
    { key: 'status', header: t('admin.webhooks.status'), render: (d) => <Badge color={deliveryColor[d.status]} variant="light">{d.status}</Badge> },
    { key: 'attempts', header: t('admin.webhooks.attempts'), align: 'right', render: (d) => d.attempts },
    { key: 'response', header: t('admin.webhooks.lastResponse'), render: (d) => (d.responseStatus ?? d.lastError ?? '—') },
    { key: 'at', header: t('admin.webhooks.created'), render: (d) => formatDateTime(d.createdAt) },
    {
      key: 'replay',
      header: '',
      align: 'right',
      render: (d) => (
        <Button size="compact-xs" variant="subtle" onClick={(e) => { e.stopPropagation(); void replay.run(() => unwrap(webhooksApi.POST('/api/v1/webhook-deliveries/{deliveryId}/replay', { params: { path: { deliveryId: d.id } } })), () => { notifications.show({ message: t('admin.webhooks.deliveryQueuedAgain') }); list.reload(); }); }}>
          {t('admin.webhooks.replay')}
        </Button>
      ),
    },
  ];
  return (
    <Modal opened onClose={onClose} title={t('admin.deliveriesTo', { url: subscription.url })} size="xl">
      <DataTable label={t('admin.webhooks.deliveries')} columns={columns} rows={list.data?.items} rowKey={(d) => d.id} loading={list.loading} error={list.error} onRetry={list.reload} onRowClick={setOpen} empty={{ title: t('admin.webhooks.noDeliveriesYet') }} minWidth={640} />
      {open && <Attempts delivery={open} onClose={() => setOpen(null)} />}
    </Modal>
  );
}

function Attempts({ delivery, onClose }: { delivery: Delivery; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useQuery((signal) => unwrap(webhooksApi.GET('/api/v1/webhook-deliveries/{deliveryId}', { signal, params: { path: { deliveryId: delivery.id } } })), [delivery.id]);
  return (
    <Modal opened onClose={onClose} title={`${delivery.eventType} · ${delivery.status}`} size="lg">
      <Stack>
        <Text size="sm" fw={500}>{t('admin.webhooks.requestBody')}</Text>
        <Code block>{detail.data?.request.body}</Code>
        <Table>
          <Table.Thead>
            <Table.Tr><Table.Th>#</Table.Th><Table.Th>{t('admin.webhooks.at')}</Table.Th><Table.Th>{t('admin.webhooks.status')}</Table.Th><Table.Th>{t('admin.webhooks.latency')}</Table.Th><Table.Th>{t('admin.webhooks.response')}</Table.Th></Table.Tr>
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
