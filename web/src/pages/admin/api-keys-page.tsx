import { useState } from 'react';
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { allRoles, roleLabels, type Role } from '../../auth/roles';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { formatDateTime, formatRelative } from '../../lib/format';

type ApiKey = Schemas['ApiKey'];

export default function ApiKeysPage() {
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/api-keys', { signal })), []);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useSubmit();
  const form = useForm({ initialValues: { name: '', role: 'integration' as Role } });
  const create = useSubmit(form);

  const columns: Column<ApiKey>[] = [
    { key: 'name', header: 'Name', render: (k) => <Text size="sm" fw={600}>{k.name}</Text> },
    { key: 'prefix', header: 'Key', render: (k) => <Code>ordo_{k.prefix}_…</Code> },
    { key: 'role', header: 'Role', render: (k) => <Badge variant="light" tt="none" radius="sm">{roleLabels[k.role]}</Badge> },
    { key: 'created', header: 'Created', render: (k) => formatDateTime(k.createdAt) },
    { key: 'used', header: 'Last used', render: (k) => (k.lastUsedAt ? formatRelative(k.lastUsedAt) : 'Never') },
    {
      key: 'state',
      header: '',
      align: 'right',
      render: (k) =>
        k.revokedAt ? (
          <Badge color="gray" variant="light" tt="none">Revoked</Badge>
        ) : (
          <Button size="compact-xs" color="red" variant="subtle" onClick={() => setRevoking(k)}>
            Revoke
          </Button>
        ),
    },
  ];
  return (
    <>
      <PageHeader title="API keys" description="Keys for integrations and scripts. The secret is shown once, when the key is created." actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>New API key</Button>} />
      <DataTable label="API keys" columns={columns} rows={list.data?.items} rowKey={(k) => k.id} loading={list.loading} error={list.error} onRetry={list.reload} empty={{ title: 'No API keys' }} />
      <Modal opened={creating} onClose={() => { setCreating(false); setSecret(null); form.reset(); }} title={secret ? 'Your new API key' : 'New API key'} centered>
        {secret ? (
          <Stack>
            <Alert color="yellow" icon={<IconKey />} title="Copy it now">This is the only time the key is shown.</Alert>
            <Code block style={{ wordBreak: 'break-all' }}>{secret}</Code>
            <CopyButton value={secret}>{({ copied, copy }) => <Button onClick={copy} color={copied ? 'teal' : undefined}>{copied ? 'Copied' : 'Copy key'}</Button>}</CopyButton>
          </Stack>
        ) : (
          <form onSubmit={form.onSubmit((v) => create.run(() => unwrap(api.POST('/api/v1/api-keys', { body: v })), (k) => { setSecret(k.key); list.reload(); }))}>
            <Stack>
              <TextInput label="Name" placeholder="Shopify sync" required data-autofocus {...form.getInputProps('name')} />
              <Select label="Role" data={allRoles.map((r) => ({ value: r, label: roleLabels[r] }))} allowDeselect={false} {...form.getInputProps('role')} />
              <Group justify="flex-end">
                <Button type="submit" loading={create.busy}>Create key</Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
      <Modal opened={!!revoking} onClose={() => setRevoking(null)} title="Revoke API key" centered>
        <Stack>
          <Text size="sm">Revoke <b>{revoking?.name}</b>? Anything using it stops working within 30 seconds.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>Keep</Button>
            <Button color="red" loading={revoke.busy} onClick={() => revoking && revoke.run(() => unwrap(api.POST('/api/v1/api-keys/{id}/revoke', { params: { path: { id: revoking.id } } })), () => { notifications.show({ message: `${revoking.name} revoked` }); setRevoking(null); list.reload(); })}>
              Revoke
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
