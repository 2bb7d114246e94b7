import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useSubmit } from '../api/hooks';

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: { confirm: (v, all) => (v === all.newPassword ? null : 'Does not match the new password') },
  });
  const { run, busy } = useSubmit(form);
  const close = () => {
    form.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Change password" centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () => unwrap(api.POST('/api/v1/auth/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } })),
            () => {
              notifications.show({ color: 'green', message: 'Your password was changed' });
              close();
            },
          ),
        )}
      >
        <Stack>
          <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
          <PasswordInput label="New password" description="At least 12 characters" autoComplete="new-password" required {...form.getInputProps('newPassword')} />
          <PasswordInput label="Repeat new password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
