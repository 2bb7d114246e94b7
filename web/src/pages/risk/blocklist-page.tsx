import { useState } from 'react';
import { Badge, Button, Code, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { useCursorPaging, useUrlFilters } from '../../components/url-state';
import { formatDateTime } from '../../lib/format';
import { ActorName } from '../../components/actor-name';

type Entry = Schemas['BlocklistEntry'];
type Kind = Entry['kind'];
const kindLabels: Record<Kind, string> = { email: 'Email', address: 'Address', payment_fingerprint: 'Payment card' };

/** Emails, addresses and card fingerprints whose orders are always held for review. */
export default function BlocklistPage() {
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const kind = (filters.get('kind') || undefined) as Kind | undefined;
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/risk/blocklist', { signal, params: { query: { limit: 50, cursor: paging.cursor, kind } } })), [filters.params.toString()]);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Entry | null>(null);
  const remove = useSubmit();

  const columns: Column<Entry>[] = [
    { key: 'kind', header: 'Kind', render: (e) => <Badge variant="light" tt="none">{kindLabels[e.kind]}</Badge> },
    { key: 'value', header: 'Value', render: (e) => <Code>{e.value}</Code> },
    { key: 'reason', header: 'Reason', render: (e) => e.reason },
    { key: 'by', header: 'Added', render: (e) => <Stack gap={0}><Text size="sm">{formatDateTime(e.createdAt)}</Text><ActorName id={e.createdBy} /></Stack> },
    { key: 'remove', header: '', align: 'right', render: (e) => <Button size="compact-xs" color="red" variant="subtle" onClick={() => setRemoving(e)} aria-label={`Remove ${e.value}`}>Remove</Button> },
  ];

  return (
    <>
      <PageHeader
        title="Blocklist"
        description="Orders from a blocked email, to a blocked address or paid with a blocked card are held for fraud review."
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>Add entry</Button>}
      />
      <SegmentedControl
        mb="md"
        value={kind ?? 'all'}
        onChange={(v) => filters.set({ kind: v === 'all' ? null : v })}
        data={[{ value: 'all', label: 'All' }, ...Object.entries(kindLabels).map(([value, label]) => ({ value, label }))]}
        aria-label="Filter by kind"
      />
      <DataTable
        label="Blocklist"
        columns={columns}
        rows={list.data?.items}
        rowKey={(e) => e.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={{ title: 'The blocklist is empty' }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
      {adding && <AddModal onClose={() => setAdding(false)} onDone={list.reload} />}
      <Modal opened={!!removing} onClose={() => setRemoving(null)} title="Remove blocklist entry" centered>
        <Stack>
          <Text size="sm">Remove <Code>{removing?.value}</Code>? New orders matching it are no longer held for it.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>Keep</Button>
            <Button color="red" loading={remove.busy} onClick={() => removing && remove.run(() => unwrap(api.DELETE('/api/v1/risk/blocklist/{id}', { params: { path: { id: removing.id } } })), () => { notifications.show({ message: 'Entry removed' }); setRemoving(null); list.reload(); })}>
              Remove
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function AddModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const form = useForm({ initialValues: { kind: 'email' as Kind, value: '', line1: '', postalCode: '', country: '', reason: '' } });
  const { run, busy } = useSubmit(form, { 'address.line1': 'line1', 'address.postalCode': 'postalCode', 'address.country': 'country', address: 'line1' });
  const v = form.values;
  const submit = () =>
    run(
      () =>
        unwrap(
          api.POST('/api/v1/risk/blocklist', {
            body: v.kind === 'address' ? { kind: v.kind, reason: v.reason, address: { line1: v.line1, postalCode: v.postalCode, country: v.country.trim().toUpperCase() } } : { kind: v.kind, value: v.value, reason: v.reason },
          }),
        ),
      (e) => {
        notifications.show({ color: 'teal', message: `${kindLabels[e.kind]} ${e.value} blocked` });
        onDone();
        onClose();
      },
    );
  return (
    <Modal opened onClose={onClose} title="Add to the blocklist" centered>
      <form onSubmit={form.onSubmit(() => void submit())}>
        <Stack>
          <Select label="Kind" data={Object.entries(kindLabels).map(([value, label]) => ({ value, label }))} allowDeselect={false} {...form.getInputProps('kind')} />
          {v.kind === 'address' ? (
            <>
              <TextInput label="Street and number" required {...form.getInputProps('line1')} />
              <Group grow>
                <TextInput label="Postal code" required {...form.getInputProps('postalCode')} />
                <TextInput label="Country" description="Two letters, e.g. DE" required maxLength={2} {...form.getInputProps('country')} />
              </Group>
            </>
          ) : (
            <TextInput label={v.kind === 'email' ? 'Email' : 'Card fingerprint'} required data-autofocus {...form.getInputProps('value')} />
          )}
          <TextInput label="Reason" required placeholder="Chargeback, confirmed fraud…" {...form.getInputProps('reason')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button type="submit" loading={busy}>Add</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
