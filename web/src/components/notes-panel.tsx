import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Paper, Stack, TagsInput, Text, Textarea, Tooltip } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/problem';
import { useQuery, useSubmit } from '../api/hooks';
import { useUser } from '../auth/session';
import type { Role } from '../auth/roles';
import { formatDateTime } from '../lib/format';
import { useTranslation } from 'react-i18next';

type Note = Schemas['Note'];
export type NoteSubject = { type: 'order' | 'customer'; id: string };

/** Mirrors access.notesWrite in src/platform/auth/roles.ts. */
export const canWriteNotes = (r: Role) => ['admin', 'manager', 'support'].includes(r);

const notesPath = (s: NoteSubject) => (s.type === 'order' ? ('/api/v1/orders/{id}/notes' as const) : ('/api/v1/customers/{id}/notes' as const));
const notePath = (s: NoteSubject) => (s.type === 'order' ? ('/api/v1/orders/{id}/notes/{noteId}' as const) : ('/api/v1/customers/{id}/notes/{noteId}' as const));

/** Shows `@handle` mentions as highlighted words. */
function NoteBody({ body }: { body: string }) {
  const { t } = useTranslation();
  const parts = body.split(/(@[\p{L}\p{N}][\p{L}\p{N}._-]*)/u);
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      {parts.map((p, i) => (p.startsWith('@') ? <Text key={i} span fw={600} c="blue">{p}</Text> : p))}
    </Text>
  );
}

/** Internal notes of an order or customer: the list (author, time, edited/deleted marks) and a form to add one. */
export function NotesPanel({ subject }: { subject: NoteSubject }) {
  const { t } = useTranslation();
  const user = useUser();
  const write = canWriteNotes(user.role);
  const notes = useQuery((signal) => unwrap(api.GET(notesPath(subject), { signal, params: { path: { id: subject.id } } })), [subject.type, subject.id]);
  const people = useQuery((signal) => unwrap(api.GET('/api/v1/notes/mentionable-users', { signal })), [], { enabled: write });
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);
  const { run, busy } = useSubmit();
  const add = () =>
    run(() => unwrap(api.POST(notesPath(subject), { params: { path: { id: subject.id } }, body: { body: text } })), () => {
      setText('');
      notes.reload();
    });
  const save = () =>
    editing &&
    run(() => unwrap(api.PATCH(notePath(subject), { params: { path: { id: subject.id, noteId: editing.id } }, body: { body: editing.body } })), () => {
      setEditing(null);
      notes.reload();
    });
  const remove = (n: Note) => run(() => unwrap(api.DELETE(notePath(subject), { params: { path: { id: subject.id, noteId: n.id } } })), () => notes.reload());
  const mine = (n: Note) => n.author.type === 'user' && n.author.id === user.id;
  const items = notes.data?.items ?? [];
  return (
    <Paper p="lg" data-testid="notes-panel">
      <Text fw={650} mb="md">
        {t('notes.notesPanel.internalNotes')}
      </Text>
      <Stack gap="sm">
        {notes.error && <Text c="red" size="sm">{notes.error.problem.detail ?? notes.error.problem.title}</Text>}
        {!notes.loading && items.length === 0 && <Text size="sm" c="dimmed">{t('notes.notesPanel.noNotesYet')}</Text>}
        {items.map((n) => (
          <Paper key={n.id} withBorder p="sm" data-testid="note">
            <Group justify="space-between" gap="xs" mb={4}>
              <Text size="xs" c="dimmed">
                {n.author.name} · {formatDateTime(n.createdAt)}
                {n.edited && !n.deleted && ` · ${t('notes.edited')}`}
              </Text>
              {!n.deleted && (mine(n) || user.role === 'admin') && write && (
                <Group gap={2}>
                  {mine(n) && (
                    <Tooltip label={t('notes.notesPanel.edit')}>
                      <ActionIcon variant="subtle" size="sm" aria-label={t('notes.notesPanel.editNote')} onClick={() => setEditing({ id: n.id, body: n.body ?? '' })}>
                        <IconPencil size={14} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  <Tooltip label={t('notes.notesPanel.delete')}>
                    <ActionIcon variant="subtle" color="red" size="sm" aria-label={t('notes.notesPanel.deleteNote')} onClick={() => void remove(n)}>
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              )}
            </Group>
            {n.deleted ? (
              <Text size="sm" c="dimmed" fs="italic">{t('notes.deleted', { date: formatDateTime(n.deletedAt) })}</Text>
            ) : editing?.id === n.id ? (
              <Stack gap="xs">
                <Textarea aria-label={t('notes.notesPanel.editNote')} autosize minRows={2} value={editing.body} onChange={(e) => setEditing({ id: n.id, body: e.currentTarget.value })} />
                <Group gap="xs" justify="flex-end">
                  <Button size="xs" variant="default" onClick={() => setEditing(null)}>{t('notes.notesPanel.cancel')}</Button>
                  <Button size="xs" loading={busy} onClick={() => void save()}>{t('notes.notesPanel.save')}</Button>
                </Group>
              </Stack>
            ) : (
              <NoteBody body={n.body ?? ''} />
            )}
            {!n.deleted && n.mentions.length > 0 && (
              <Group gap={4} mt={4}>
                {n.mentions.map((m) => (
                  <Badge key={m.userId} size="xs" variant="light">@{m.handle}</Badge>
                ))}
              </Group>
            )}
          </Paper>
        ))}
        {write && (
          <Stack gap="xs">
            <Textarea
              label={t('notes.notesPanel.addANote')}
              aria-label={t('notes.notesPanel.addANote')}
              placeholder={t('notes.notesPanel.visibleToStaffOnly')}
              autosize
              minRows={2}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
            {people.data && people.data.items.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('notes.mention')} {people.data.items.map((p) => `@${p.handle} (${p.name})`).join(', ')}
              </Text>
            )}
            <Group justify="flex-end">
              <Button size="sm" loading={busy} disabled={!text.trim()} onClick={() => void add()}>
                {t('notes.notesPanel.addNote')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

const tagsPath = (s: NoteSubject) => (s.type === 'order' ? ('/api/v1/orders/{id}/tags' as const) : ('/api/v1/customers/{id}/tags' as const));

/** The tags of an order or customer; support staff change them in place (saved on every change). */
export function TagsEditor({ subject }: { subject: NoteSubject }) {
  const { t } = useTranslation();
  const user = useUser();
  const tags = useQuery((signal) => unwrap(api.GET(tagsPath(subject), { signal, params: { path: { id: subject.id } } })), [subject.type, subject.id]);
  const { run } = useSubmit();
  const save = (next: string[]) => run(() => unwrap(api.PUT(tagsPath(subject), { params: { path: { id: subject.id } }, body: { tags: next } })), () => tags.reload());
  const current = tags.data?.tags ?? [];
  if (!canWriteNotes(user.role)) {
    return (
      <Group gap={4}>
        {current.map((t) => (
          <Badge key={t} variant="light">{t}</Badge>
        ))}
      </Group>
    );
  }
  return <TagsInput label={t('notes.notesPanel.tags')} aria-label={t('notes.notesPanel.tags')} placeholder={t('notes.notesPanel.addATagAnd')} value={current} onChange={(v) => void save(v)} data-testid="tags-input" clearable />;
}
