import { Button, Group } from '@mantine/core';

/** The footer of a form dialog: Back closes it, the submit button shows the request in flight. */
export function DialogActions({ onClose, busy, label, color }: { onClose: () => void; busy: boolean; label: string; color?: string }) {
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={onClose}>
        Back
      </Button>
      <Button type="submit" loading={busy} color={color}>
        {label}
      </Button>
    </Group>
  );
}
