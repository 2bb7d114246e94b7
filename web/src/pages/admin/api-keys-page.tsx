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
import { Trans, useTranslation } from 'react-i18next';

type ApiKey = Schemas['ApiKey'];

export default function ApiKeysPage() {
  const { t } = useTranslation();
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/api-keys', { signal })), []);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useSubmit();
  const form = useForm({ initialValues: { name: '', role: 'integration' as Role } });
  const create = useSubmit(form);

  const columns: Column<ApiKey>[] = [
    { key: 'name', header: t('admin.apiKeys.name'), render: (k) => <Text size="sm" fw={600}>{k.name}</Text> },
    { key: 'prefix', header: t('admin.apiKeys.key'), render: (k) => <Code>ordo_{k.prefix}_…</Code> },
    { key: 'role', header: t('admin.apiKeys.role'), render: (k) => <Badge variant="light" tt="none" radius="sm">{roleLabels[k.role]}</Badge> },
    { key: 'created', header: t('admin.apiKeys.created'), render: (k) => formatDateTime(k.createdAt) },
    { key: 'used', header: t('admin.apiKeys.lastUsed'), render: (k) => (k.lastUsedAt ? formatRelative(k.lastUsedAt) : 'Never') },
    {
      key: 'state',
      header: '',
      align: 'right',
      render: (k) =>
        k.revokedAt ? (
          <Badge color="gray" variant="light" tt="none">{t('admin.apiKeys.revoked')}</Badge>
        ) : (
          <Button size="compact-xs" color="red" variant="subtle" onClick={() => setRevoking(k)}>
            {t('admin.apiKeys.revoke')}
          </Button>
        ),
    },
  ];
  return (
    <>
      <PageHeader title={t('admin.apiKeys.apiKeys')} description={t('admin.apiKeys.keysForIntegrationsAnd')} actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>{t('admin.apiKeys.newApiKey')}</Button>} />
      <DataTable label={t('admin.apiKeys.apiKeys')} columns={columns} rows={list.data?.items} rowKey={(k) => k.id} loading={list.loading} error={list.error} onRetry={list.reload} empty={{ title: t('admin.apiKeys.noApiKeys') }} />
      <Modal opened={creating} onClose={() => { setCreating(false); setSecret(null); form.reset(); }} title={secret ? t('admin.yourNewKey') : t('admin.apiKeys.newApiKey')} centered>
        {secret ? (
          <Stack>
            <Alert color="yellow" icon={<IconKey />} title={t('admin.apiKeys.copyItNow')}>{t('admin.apiKeys.thisIsTheOnly')}</Alert>
            <Code block style={{ wordBreak: 'break-all' }}>{secret}</Code>
            <CopyButton value={secret}>{({ copied, copy }) => <Button onClick={copy} color={copied ? 'teal' : undefined}>{copied ? t('admin.copied') : t('admin.copyKey')}</Button>}</CopyButton>
          </Stack>
        ) : (
          <form onSubmit={form.onSubmit((v) => create.run(() => unwrap(api.POST('/api/v1/api-keys', { body: v })), (k) => { setSecret(k.key); list.reload(); }))}>
            <Stack>
              <TextInput label={t('admin.apiKeys.name')} placeholder={t('admin.apiKeys.shopifySync')} required data-autofocus {...form.getInputProps('name')} />
              <Select label={t('admin.apiKeys.role')} data={allRoles.map((r) => ({ value: r, label: roleLabels[r] }))} allowDeselect={false} {...form.getInputProps('role')} />
              <Group justify="flex-end">
                <Button type="submit" loading={create.busy}>{t('admin.apiKeys.createKey')}</Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
      <Modal opened={!!revoking} onClose={() => setRevoking(null)} title={t('admin.apiKeys.revokeApiKey')} centered>
        <Stack>
          <Text size="sm"><Trans i18nKey="admin.revokeConfirm" values={{ name: revoking?.name ?? '' }} components={{ b: <b /> }} /></Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>{t('admin.apiKeys.keep')}</Button>
            <Button color="red" loading={revoke.busy} onClick={() => revoking && revoke.run(() => unwrap(api.POST('/api/v1/api-keys/{id}/revoke', { params: { path: { id: revoking.id } } })), () => { notifications.show({ message: `${revoking.name} revoked` }); setRevoking(null); list.reload(); })}>
              {t('admin.apiKeys.revoke')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
