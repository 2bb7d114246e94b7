import { useState } from 'react';
import { Badge, Code, Group, Modal, Paper, ScrollArea, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { ActorName } from '../../components/actor-name';
import { useCursorPaging, useUrlFilters } from '../../components/url-state';
import { formatDateTime } from '../../lib/format';
import { endOfLocalDay, startOfLocalDay } from '../../lib/dates';
import { useTranslation } from 'react-i18next';

type Entry = Schemas['AuditEntry'];
const keys = ['entityType', 'entityId', 'action', 'actorId'] as const;

export default function AuditLogPage() {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const [open, setOpen] = useState<Entry | null>(null);
  const f = Object.fromEntries([...keys, 'from', 'to'].map((k) => [k, filters.get(k)])) as Record<string, string>;
  const list = useQuery(
    (signal) =>
      unwrap(
        api.GET('/api/v1/audit-log', {
          signal,
          params: {
            query: {
              limit: 50,
              cursor: paging.cursor,
              ...Object.fromEntries(keys.filter((k) => f[k]).map((k) => [k, f[k]])),
              from: f.from ? startOfLocalDay(f.from) : undefined,
              to: f.to ? endOfLocalDay(f.to) : undefined,
            },
          },
        }),
      ),
    [filters.params.toString()],
  );
  const columns: Column<Entry>[] = [
    { key: 'at', header: t('admin.auditLog.when'), render: (e) => formatDateTime(e.at) },
    { key: 'action', header: t('admin.auditLog.action'), render: (e) => <Badge variant="light" tt="none" radius="sm">{e.action}</Badge> },
    { key: 'entity', header: t('admin.auditLog.entity'), render: (e) => <Text size="sm"><Text span c="dimmed">{e.entityType}</Text> <span className="mono">{e.entityId.length > 24 ? `${e.entityId.slice(0, 8)}…` : e.entityId}</span></Text> },
    { key: 'actor', header: t('admin.auditLog.actor'), render: (e) => <ActorName id={`${e.actorType}:${e.actorId}`} size="sm" c="bright" /> },
    { key: 'req', header: t('admin.auditLog.request'), render: (e) => <Text size="xs" c="dimmed" className="mono">{e.requestId?.slice(0, 12) ?? '—'}</Text> },
  ];
  const text = (k: string, label: string, placeholder: string) => (
    <TextInput label={label} placeholder={placeholder} defaultValue={f[k]} key={`${k}-${f[k]}`} w={180} onBlur={(e) => filters.set({ [k]: e.currentTarget.value.trim() })} onKeyDown={(e) => e.key === 'Enter' && filters.set({ [k]: e.currentTarget.value.trim() })} />
  );
  return (
    <>
      <PageHeader title={t('admin.auditLog.auditLog')} description={t('admin.auditLog.whoChangedWhatAnd')} />
      <Paper p="md" mb="md">
        <Group align="flex-end" gap="sm">
          {text('entityType', 'Entity type', 'order, product…')}
          {text('entityId', 'Entity id', 'Id or code')}
          {text('action', 'Action', 'order.placed')}
          {text('actorId', 'Actor id', 'Key or user id')}
          <TextInput label={t('admin.auditLog.from')} type="date" w={150} value={f.from} onChange={(e) => filters.set({ from: e.currentTarget.value })} />
          <TextInput label={t('admin.auditLog.to')} type="date" w={150} value={f.to} onChange={(e) => filters.set({ to: e.currentTarget.value })} />
        </Group>
      </Paper>
      <DataTable
        label={t('admin.auditLog.auditLog')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(e) => String(e.id)}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={setOpen}
        empty={{ title: t('admin.auditLog.noEntriesMatch') }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
      {open && (
        <Modal opened onClose={() => setOpen(null)} title={`${open.action} · ${formatDateTime(open.at)}`} size="xl">
          <Stack>
            <Text size="sm">
              {open.entityType} <span className="mono">{open.entityId}</span> {t('admin.by')} <ActorName id={`${open.actorType}:${open.actorId}`} size="sm" /> <Text span size="xs" c="dimmed" className="mono">({open.actorType}:{open.actorId})</Text>
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {(['before', 'after'] as const).map((k) => (
                <div key={k}>
                  <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>{k}</Text>
                  <ScrollArea h={360}>
                    <Code block>{open[k] === null || open[k] === undefined ? '—' : JSON.stringify(open[k], null, 2)}</Code>
                  </ScrollArea>
                </div>
              ))}
            </SimpleGrid>
          </Stack>
        </Modal>
      )}
    </>
  );
}
