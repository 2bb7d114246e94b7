import { useState } from 'react';
import { Badge, Button, Code, Group, Modal, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { unwrap } from '../../api/problem';
import { showApiError, useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../lib/format';
import { useTranslation } from 'react-i18next';

type DeadLetter = components['schemas']['DeadLetter'];
// The console's client: the event operations are in its generated schema.
const ops = api;

const age = (s: number | null) => (s === null ? '—' : s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(0)} min` : `${(s / 3600).toFixed(1)} h`);

export default function EventDeliveryPage() {
  const { t } = useTranslation();
  const backlog = useQuery((signal) => unwrap(ops.GET('/api/v1/events/backlog', { signal })), [], { refreshMs: 5000 });
  const dead = useQuery((signal) => unwrap(ops.GET('/api/v1/events/dead-letters', { signal, params: { query: { limit: 100 } } })), [], { refreshMs: 5000 });
  const [open, setOpen] = useState<DeadLetter | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (d: DeadLetter, action: 'replay' | 'skip') => {
    setBusy(true);
    try {
      const path = action === 'replay' ? '/api/v1/events/{eventId}/replay' : '/api/v1/events/{eventId}/skip';
      await unwrap(ops.POST(path, { params: { path: { eventId: d.eventId } } }));
      notifications.show({ color: 'green', message: `${d.type} ${action === 'replay' ? t('admin.requeued') : t('admin.skipped')}` });
      setOpen(null);
      dead.reload();
      backlog.reload();
    } catch (err) {
      showApiError(err);
    } finally {
      setBusy(false);
    }
  };
  const b = backlog.data;
  const stat = (label: string, value: string | number, color?: string) => (
    <Paper p="md">
      <Text size="xs" c="dimmed" tt="uppercase">{label}</Text>
      <Text size="xl" fw={600} c={color}>{value}</Text>
    </Paper>
  );
  const columns: Column<DeadLetter>[] = [
    { key: 'type', header: t('admin.eventDelivery.event'), render: (d) => <Badge variant="light" tt="none" radius="sm">{d.type}</Badge> },
    { key: 'agg', header: t('admin.eventDelivery.aggregate'), render: (d) => <Text size="sm"><Text span c="dimmed">{d.aggregateType}</Text> <span className="mono">{d.aggregateId.slice(0, 12)}</span></Text> },
    { key: 'held', header: t('admin.eventDelivery.heldBack'), align: 'right', render: (d) => d.heldBack },
    { key: 'attempts', header: t('admin.eventDelivery.attempts'), align: 'right', render: (d) => d.attempts },
    { key: 'error', header: t('admin.eventDelivery.lastError'), render: (d) => <Text size="sm" lineClamp={1}>{d.lastError ?? '—'}</Text> },
    { key: 'dead', header: t('admin.eventDelivery.deadSince'), render: (d) => formatDateTime(d.deadAt) },
  ];
  return (
    <>
      <PageHeader title={t('admin.eventDelivery.eventDelivery')} description={t('admin.eventDelivery.theOutboxBacklogDead')} />
      <SimpleGrid cols={{ base: 2, md: 5 }} mb="md">
        {stat('Pending', b?.pending ?? '—')}
        {stat('Due now', b?.due ?? '—')}
        {stat('Retrying', b?.retrying ?? '—', b?.retrying ? 'orange' : undefined)}
        {stat('Dead letters', b?.deadLetters ?? '—', b?.deadLetters ? 'red' : undefined)}
        {stat('Oldest pending', age(b?.oldestPendingAgeSeconds ?? null))}
      </SimpleGrid>
      <Text fw={600} mb="xs">{t('admin.eventDelivery.deadLetters')}</Text>
      <DataTable label={t('admin.eventDelivery.deadLetters')} columns={columns} rows={dead.data?.items} rowKey={(d) => d.eventId} loading={dead.loading} error={dead.error} onRetry={dead.reload} onRowClick={setOpen} empty={{ title: t('admin.eventDelivery.noDeadLetters') }} />
      <SimpleGrid cols={{ base: 1, md: 2 }} mt="md">
        <Paper p="md">
          <Text fw={600} mb="xs">{t('admin.eventDelivery.pendingByType')}</Text>
          <Table>
            <Table.Tbody>
              {(b?.byType ?? []).map((t) => (
                <Table.Tr key={t.type}><Table.Td>{t.type}</Table.Td><Table.Td ta="right">{t.pending}</Table.Td><Table.Td ta="right">{t.deadLetters ? <Badge color="red" variant="light">{t.deadLetters} dead</Badge> : null}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" c="dimmed" mt="xs">Workers holding leases: {b?.workers.length ? b.workers.map((w) => `${w.workerId} (${w.leased})`).join(', ') : 'none'}</Text>
        </Paper>
        <Paper p="md">
          <Text fw={600} mb="xs">{t('admin.eventDelivery.periodicJobsOncePer')}</Text>
          <Table>
            <Table.Tbody>
              {(b?.jobs ?? []).map((j) => (
                <Table.Tr key={j.name}>
                  <Table.Td>{j.name}</Table.Td>
                  <Table.Td>{j.lastStartedAt ? formatDateTime(j.lastStartedAt) : 'not yet'}</Table.Td>
                  <Table.Td>{j.lastError ? <Badge color="red" variant="light" title={j.lastError}>{t('admin.jobFailed')}</Badge> : j.runningOn ? <Badge color="blue" variant="light">{t('admin.jobRunning')}</Badge> : <Badge color="gray" variant="light">{t('admin.jobRuns', { count: j.runs })}</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>
      {open && (
        <Modal opened onClose={() => setOpen(null)} title={`${open.type} · ${t('admin.deadSince', { date: formatDateTime(open.deadAt) })}`} size="xl">
          <Stack>
            <Text size="sm">{open.aggregateType} <span className="mono">{open.aggregateId}</span> · {open.attempts} attempts · {open.heldBack} later event(s) held back</Text>
            <Text size="sm" c="red">{open.lastError}</Text>
            <Code block>{JSON.stringify(open.payload, null, 2)}</Code>
            <Group justify="flex-end">
              <Button variant="default" color="red" loading={busy} onClick={() => void act(open, 'skip')}>{t('admin.eventDelivery.skipDoNotHandle')}</Button>
              <Button loading={busy} onClick={() => void act(open, 'replay')}>{t('admin.eventDelivery.replay')}</Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}
