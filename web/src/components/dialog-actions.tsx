import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The footer of a form dialog: Back closes it, the submit button shows the request in flight. */
export function DialogActions({ onClose, busy, label, color }: { onClose: () => void; busy: boolean; label: string; color?: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={onClose}>
        {t('common.back')}
      </Button>
      <Button type="submit" loading={busy} color={color}>
        {label}
      </Button>
    </Group>
  );
}
