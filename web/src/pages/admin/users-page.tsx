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

type UserRole = ConsoleUser['role'];
const roleOptions = allRoles.filter((r): r is UserRole => r !== 'integration').map((r) => ({ value: r, label: roleLabels[r] }));

function UserForm({ user, onClose, onSaved }: { user?: ConsoleUser | undefined; onClose: () => void; onSaved: () => void }) {
  const form = useForm({ initialValues: { email: user?.email ?? '', name: user?.name ?? '', role: (user?.role ?? 'support') as UserRole, password: '' } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={user ? `Edit ${user.name}` : 'New user'} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () =>
              user
                ? unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { name: v.name, role: v.role } }))
                : unwrap(api.POST('/api/v1/users', { body: { email: v.email.trim(), name: v.name.trim(), role: v.role, password: v.password } })),
            () => {
              notifications.show({ color: 'green', message: user ? 'User saved' : `${v.name} can now sign in` });
              onSaved();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <TextInput label="Email" type="email" required disabled={!!user} data-autofocus {...form.getInputProps('email')} />
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <Select label="Role" data={roleOptions} allowDeselect={false} {...form.getInputProps('role')} />
          {!user && <PasswordInput label="Initial password" description="At least 12 characters; they can change it later" required autoComplete="new-password" {...form.getInputProps('password')} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>{user ? 'Save' : 'Create user'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPassword({ user, onClose }: { user: ConsoleUser; onClose: () => void }) {
  const form = useForm({ initialValues: { password: '' } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={`Set a new password for ${user.name}`} centered>
      <form onSubmit={form.onSubmit((v) => run(() => unwrap(api.POST('/api/v1/users/{id}/password', { params: { path: { id: user.id } }, body: v })), () => { notifications.show({ color: 'green', message: 'Password set' }); onClose(); }))}>
        <Stack>
          <PasswordInput label="New password" required autoComplete="new-password" data-autofocus {...form.getInputProps('password')} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>Set password</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function UsersPage() {
  const me = useUser();
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/users', { signal })), []);
  const [editing, setEditing] = useState<ConsoleUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<ConsoleUser | null>(null);
  const toggle = useSubmit();
  const columns: Column<ConsoleUser>[] = [
    { key: 'name', header: 'Name', render: (u) => <Stack gap={0}><Text size="sm" fw={600}>{u.name}{u.id === me.id ? ' (you)' : ''}</Text><Text size="xs" c="dimmed">{u.email}</Text></Stack> },
    { key: 'role', header: 'Role', render: (u) => <Badge variant="light" tt="none" radius="sm">{roleLabels[u.role]}</Badge> },
    { key: 'status', header: 'Status', render: (u) => <Badge color={u.disabled ? 'gray' : 'green'} variant="light" tt="none" radius="sm">{u.disabled ? 'Disabled' : 'Active'}</Badge> },
    { key: 'created', header: 'Created', render: (u) => formatDateTime(u.createdAt) },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (u) => (
        <Menu position="bottom-end">
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${u.name}`}><IconDots size={16} /></ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => setEditing(u)}>Edit</Menu.Item>
            <Menu.Item onClick={() => setResetting(u)}>Set password</Menu.Item>
            {u.id !== me.id && (
              <Menu.Item color={u.disabled ? undefined : 'red'} onClick={() => toggle.run(() => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body: { disabled: !u.disabled } })), list.reload)}>
                {u.disabled ? 'Enable' : 'Disable'}
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      ),
    },
  ];
  return (
    <>
      <PageHeader title="Users" description="People who sign in to the console, and what their role lets them do." actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>New user</Button>} />
      <DataTable label="Users" columns={columns} rows={list.data?.items} rowKey={(u) => u.id} loading={list.loading} error={list.error} onRetry={list.reload} empty={{ title: 'No users' }} />
      {editing && <UserForm user={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onSaved={list.reload} />}
      {resetting && <ResetPassword user={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}
