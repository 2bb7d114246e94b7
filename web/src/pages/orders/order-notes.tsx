import { Paper, Stack } from '@mantine/core';
import { NotesPanel, TagsEditor } from '../../components/notes-panel';

/** Internal notes and tags of an order (mounted once on the order page). */
export function OrderNotes({ orderId }: { orderId: string }) {
  return (
    <Stack gap="md">
      <Paper p="lg">
        <TagsEditor subject={{ type: 'order', id: orderId }} />
      </Paper>
      <NotesPanel subject={{ type: 'order', id: orderId }} />
    </Stack>
  );
}
