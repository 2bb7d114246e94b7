import { useState } from 'react';
import { Badge, Button, Group, Menu, Modal, PasswordInput, Select, Stack, Text, TextInput, ActionIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import type { ConsoleUser } from '../../api/session-paths';
import { useUser } from '../../auth/session';
import { allRoles, roleLabels } from '../../auth/roles';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../lib/format';
import { useTranslation } from 'react-i18next';

type UserRole = ConsoleUser['role'];
const roleOptions = allRoles.filter((r): r is UserRole => r !== 'integration').map((r) => ({ value: r, label: roleLabels[r] }));

function UserForm({ user, onClose, onSaved }: { user?: ConsoleUser | undefined; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { email: user?.email ?? '', name: user?.name ?? '', role: (user?.role ?? 'support') as UserRole, password: '' } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={user ? t('fulfillment.editBox', { code: user.name }) : t('admin.users.newUser')} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () =>
              user
                ? unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { name: v.name, role: v.role } }))
                : unwrap(api.POST('/api/v1/users', { body: { email: v.email.trim(), name: v.name.trim(), role: v.role, password: v.password } })),
            () => {
              notifications.show({ color: 'green', message: user ? t('admin.userSaved') : t('admin.canSignIn', { name: v.name }) });
              onSaved();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <TextInput label={t('admin.users.email')} type="email" required disabled={!!user} data-autofocus {...form.getInputProps('email')} />
          <TextInput label={t('admin.users.name')} required {...form.getInputProps('name')} />
          <Select label={t('admin.users.role')} data={roleOptions} allowDeselect={false} {...form.getInputProps('role')} />
          {!user && <PasswordInput label={t('admin.users.initialPassword')} description={t('admin.users.atLeast12Characters')} required autoComplete="new-password" {...form.getInputProps('password')} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('admin.users.cancel')}</Button>
            <Button type="submit" loading={busy}>{user ? t('common.save') : t('admin.createUser')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPassword({ user, onClose }: { user: ConsoleUser; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { password: '' } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={t('admin.setPasswordFor', { name: user.name })} centered>
      <form onSubmit={form.onSubmit((v) => run(() => unwrap(api.POST('/api/v1/users/{id}/password', { params: { path: { id: user.id } }, body: v })), () => { notifications.show({ color: 'green', message: t('admin.users.passwordSet') }); onClose(); }))}>
        <Stack>
          <PasswordInput label={t('admin.users.newPassword')} required autoComplete="new-password" data-autofocus {...form.getInputProps('password')} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>{t('admin.users.setPassword')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const me = useUser();
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/users', { signal })), []);
  const [editing, setEditing] = useState<ConsoleUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<ConsoleUser | null>(null);
  const toggle = useSubmit();
  const columns: Column<ConsoleUser>[] = [
    { key: 'name', header: t('admin.users.name'), render: (u) => <Stack gap={0}><Text size="sm" fw={600}>{u.name}{u.id === me.id ? ' (you)' : ''}</Text><Text size="xs" c="dimmed">{u.email}</Text></Stack> },
    { key: 'role', header: t('admin.users.role'), render: (u) => <Badge variant="light" tt="none" radius="sm">{roleLabels[u.role]}</Badge> },
    { key: 'status', header: t('admin.users.status'), render: (u) => <Badge color={u.disabled ? 'gray' : 'green'} variant="light" tt="none" radius="sm">{u.disabled ? 'Disabled' : 'Active'}</Badge> },
    { key: 'created', header: t('admin.users.created'), render: (u) => formatDateTime(u.createdAt) },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (u) => (
        <Menu position="bottom-end">
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t('admin.actionsFor', { name: u.name })}><IconDots size={16} /></ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => setEditing(u)}>{t('admin.users.edit')}</Menu.Item>
            <Menu.Item onClick={() => setResetting(u)}>{t('admin.users.setPassword')}</Menu.Item>
            {u.id !== me.id && (
              <Menu.Item color={u.disabled ? undefined : 'red'} onClick={() => toggle.run(() => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body: { disabled: !u.disabled } })), list.reload)}>
                {u.disabled ? t('admin.enable') : t('admin.disable')}
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      ),
    },
  ];
  return (
    <>
      <PageHeader title={t('admin.users.users')} description={t('admin.users.peopleWhoSignIn')} actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('admin.users.newUser')}</Button>} />
      <DataTable label={t('admin.users.users')} columns={columns} rows={list.data?.items} rowKey={(u) => u.id} loading={list.loading} error={list.error} onRetry={list.reload} empty={{ title: t('admin.users.noUsers') }} />
      {editing && <UserForm user={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onSaved={list.reload} />}
      {resetting && <ResetPassword user={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}
