import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { useSubmit } from '../api/hooks';
import { useTranslation } from 'react-i18next';

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: { confirm: (v, all) => (v === all.newPassword ? null : t('reset.mismatch')) },
  });
  const { run, busy } = useSubmit(form);
  const close = () => {
    form.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('misc.changePassword.changePassword')} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () => unwrap(api.POST('/api/v1/auth/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } })),
            () => {
              notifications.show({ color: 'green', message: t('misc.changePassword.yourPasswordWasChanged') });
              close();
            },
          ),
        )}
      >
        <Stack>
          <PasswordInput label={t('misc.changePassword.currentPassword')} autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
          <PasswordInput label={t('misc.changePassword.newPassword')} description={t('misc.changePassword.atLeast12Characters')} autoComplete="new-password" required {...form.getInputProps('newPassword')} />
          <PasswordInput label={t('misc.changePassword.repeatNewPassword')} autoComplete="new-password" required {...form.getInputProps('confirm')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('misc.changePassword.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('misc.changePassword.changePassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
