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
import { Trans, useTranslation } from 'react-i18next';

type Entry = Schemas['BlocklistEntry'];
type Kind = Entry['kind'];
const kindLabels: Record<Kind, string> = { email: 'Email', address: 'Address', payment_fingerprint: 'Payment card' };

/** Emails, addresses and card fingerprints whose orders are always held for review. */
export default function BlocklistPage() {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const kind = (filters.get('kind') || undefined) as Kind | undefined;
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/risk/blocklist', { signal, params: { query: { limit: 50, cursor: paging.cursor, kind } } })), [filters.params.toString()]);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Entry | null>(null);
  const remove = useSubmit();

  const columns: Column<Entry>[] = [
    { key: 'kind', header: t('risk.blocklist.kind'), render: (e) => <Badge variant="light" tt="none">{t(`risk.kind.${e.kind}`)}</Badge> },
    { key: 'value', header: t('risk.blocklist.value'), render: (e) => <Code>{e.value}</Code> },
    { key: 'reason', header: t('risk.blocklist.reason'), render: (e) => e.reason },
    { key: 'by', header: t('risk.blocklist.added'), render: (e) => <Stack gap={0}><Text size="sm">{formatDateTime(e.createdAt)}</Text><ActorName id={e.createdBy} /></Stack> },
    { key: 'remove', header: '', align: 'right', render: (e) => <Button size="compact-xs" color="red" variant="subtle" onClick={() => setRemoving(e)} aria-label={`Remove ${e.value}`}>{t('risk.blocklist.remove')}</Button> },
  ];

  return (
    <>
      <PageHeader
        title={t('risk.blocklist.blocklist')}
        description={t('risk.blocklist.ordersFromABlocked')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>{t('risk.blocklist.addEntry')}</Button>}
      />
      <SegmentedControl
        mb="md"
        value={kind ?? 'all'}
        onChange={(v) => filters.set({ kind: v === 'all' ? null : v })}
        data={[{ value: 'all', label: t('risk.blocklist.all') }, ...Object.keys(kindLabels).map((value) => ({ value, label: t(`risk.kind.${value}`) }))]}
        aria-label={t('risk.blocklist.filterByKind')}
      />
      <DataTable
        label={t('risk.blocklist.blocklist')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(e) => e.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={{ title: t('risk.blocklist.theBlocklistIsEmpty') }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
      {adding && <AddModal onClose={() => setAdding(false)} onDone={list.reload} />}
      <Modal opened={!!removing} onClose={() => setRemoving(null)} title={t('risk.blocklist.removeBlocklistEntry')} centered>
        <Stack>
          <Text size="sm"><Trans i18nKey="risk.removeConfirm" values={{ value: removing?.value ?? '' }} components={{ code: <Code /> }} /></Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>{t('risk.blocklist.keep')}</Button>
            <Button color="red" loading={remove.busy} onClick={() => removing && remove.run(() => unwrap(api.DELETE('/api/v1/risk/blocklist/{id}', { params: { path: { id: removing.id } } })), () => { notifications.show({ message: t('risk.blocklist.entryRemoved') }); setRemoving(null); list.reload(); })}>
              {t('risk.blocklist.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function AddModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
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
        notifications.show({ color: 'teal', message: t('risk.blocked', { kind: t(`risk.kind.${e.kind}`), value: e.value }) });
        onDone();
        onClose();
      },
    );
  return (
    <Modal opened onClose={onClose} title={t('risk.blocklist.addToTheBlocklist')} centered>
      <form onSubmit={form.onSubmit(() => void submit())}>
        <Stack>
          <Select label={t('risk.blocklist.kind')} data={Object.keys(kindLabels).map((value) => ({ value, label: t(`risk.kind.${value}`) }))} allowDeselect={false} {...form.getInputProps('kind')} />
          {v.kind === 'address' ? (
            <>
              <TextInput label={t('risk.blocklist.streetAndNumber')} required {...form.getInputProps('line1')} />
              <Group grow>
                <TextInput label={t('risk.blocklist.postalCode')} required {...form.getInputProps('postalCode')} />
                <TextInput label={t('risk.blocklist.country')} description={t('risk.blocklist.twoLettersEG')} required maxLength={2} {...form.getInputProps('country')} />
              </Group>
            </>
          ) : (
            <TextInput label={v.kind === 'email' ? t('risk.kind.email') : t('risk.cardFingerprint')} required data-autofocus {...form.getInputProps('value')} />
          )}
          <TextInput label={t('risk.blocklist.reason')} required placeholder={t('risk.blocklist.chargebackConfirmedFraud')} {...form.getInputProps('reason')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('risk.blocklist.back')}</Button>
            <Button type="submit" loading={busy}>{t('risk.blocklist.add')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
