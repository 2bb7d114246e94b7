import { ActionIcon, Anchor, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/problem';
import { useSubmit, type Query } from '../../../api/hooks';
import { ActorName } from '../../../components/actor-name';
import { formatRelative } from '../../../lib/format';
import { useTranslation } from 'react-i18next';

type Drafts = Query<{ items: Array<{ id: string; title: string; author: string; updatedAt: string }>; nextCursor: string | null }>;

/** Saved order drafts, most recent first: open one to resume it, or delete it. */
export function DraftsList({ drafts, current, onOpen, onDeleted }: { drafts: Drafts; current: string | null; onOpen: (id: string) => void; onDeleted: (id: string) => void }) {
  const { t } = useTranslation();
  const { run } = useSubmit();
  const items = drafts.data?.items ?? [];
  return (
    <Paper p="md" withBorder>
      <Title order={3} fz="lg" mb="sm">{t('entry.draftsList.drafts')}</Title>
      {items.length === 0 && <Text size="sm" c="dimmed">{drafts.loading ? t('common.loading') : t('entry.noDrafts')}</Text>}
      <Stack gap="xs" data-testid="drafts">
        {items.map((d) => (
          <Group key={d.id} justify="space-between" wrap="nowrap" data-testid="draft">
            <div>
              {d.id === current ? (
                <Text size="sm" fw={700}>{d.title} (open)</Text>
              ) : (
                <Anchor component="button" type="button" size="sm" fw={600} onClick={() => onOpen(d.id)}>
                  {d.title}
                </Anchor>
              )}
              <Text size="xs" c="dimmed">
                {formatRelative(d.updatedAt)} · <ActorName id={d.author} />
              </Text>
            </div>
            <Tooltip label={t('entry.draftsList.deleteDraft')}>
              <ActionIcon variant="subtle" color="red" aria-label={t('entry.deleteDraft', { title: d.title })} onClick={() => run(() => unwrap(api.DELETE('/api/v1/order-drafts/{id}', { params: { path: { id: d.id } } })), () => onDeleted(d.id))}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
