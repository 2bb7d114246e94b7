import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { humanize } from '../../lib/format';
import { useUser } from '../../auth/session';
import { caseCategories } from './case-badges';

type Template = Schemas['ReplyTemplate'];
const placeholders = ['customer.name', 'customer.email', 'order.number', 'case.reference', 'case.subject', 'agent.name'];

/** Reply templates: managers and admins write them, agents pick them in the reply composer. */
export default function TemplatesPage() {
  const user = useUser();
  const canEdit = user.role === 'admin' || user.role === 'manager';
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/support/templates', { signal })), []);
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const { run } = useSubmit();
  const remove = (t: Template) => run(() => unwrap(api.DELETE('/api/v1/support/templates/{id}', { params: { path: { id: t.id } } })), () => (notifications.show({ message: `${t.name} deleted` }), list.reload()));
  const columns: Column<Template>[] = [
    { key: 'name', header: 'Name', render: (t) => <Text fw={600} size="sm">{t.name}</Text> },
    { key: 'category', header: 'Category', render: (t) => <Text size="sm">{t.category ? humanize(t.category) : 'Any'}</Text> },
    { key: 'body', header: 'Text', render: (t) => <Text size="sm" lineClamp={2}>{t.body}</Text> },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (t) =>
        canEdit && (
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            <Button size="compact-sm" variant="light" onClick={() => setEditing(t)}>Edit</Button>
            <Button size="compact-sm" variant="subtle" color="red" onClick={() => void remove(t)}>Delete</Button>
          </Group>
        ),
    },
  ];
  return (
    <>
      <PageHeader
        above={<Anchor component={Link} to="/cases" size="sm">← Cases</Anchor>}
        title="Reply templates"
        description={`Placeholders: ${placeholders.map((p) => `{{${p}}}`).join(' ')}`}
        actions={canEdit && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>New template</Button>}
      />
      <DataTable label="Reply templates" columns={columns} rows={list.data?.items} rowKey={(t) => t.id} loading={list.loading} error={list.error} onRetry={list.reload} empty={{ title: 'No templates yet', description: 'Write the answers your team gives most often.' }} />
      {editing && <TemplateModal template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onDone={list.reload} />}
    </>
  );
}

function TemplateModal({ template, onClose, onDone }: { template: Template | null; onClose: () => void; onDone: () => void }) {
  const form = useForm({
    initialValues: { name: template?.name ?? '', subject: template?.subject ?? '', body: template?.body ?? '', category: template?.category ?? '' },
    validate: { name: (v) => (v.trim() ? null : 'Is required'), body: (v) => (v.trim() ? null : 'Is required') },
  });
  const { run, busy } = useSubmit(form);
  const submit = (v: typeof form.values) => {
    const body = { name: v.name, body: v.body, ...(v.subject.trim() ? { subject: v.subject } : {}), ...(v.category ? { category: v.category as (typeof caseCategories)[number] } : {}) };
    return run(
      () => (template ? unwrap(api.PUT('/api/v1/support/templates/{id}', { params: { path: { id: template.id } }, body })) : unwrap(api.POST('/api/v1/support/templates', { body }))),
      () => (notifications.show({ color: 'teal', message: `${v.name} saved` }), onDone(), onClose()),
    );
  };
  return (
    <Modal opened onClose={onClose} title={template ? `Edit ${template.name}` : 'New reply template'} centered size="lg">
      <form onSubmit={form.onSubmit((v) => void submit(v))}>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Subject" placeholder="Default: Re: <case subject>" {...form.getInputProps('subject')} />
          <Select label="Category" placeholder="Any" clearable data={caseCategories.map((s) => ({ value: s, label: humanize(s) }))} {...form.getInputProps('category')} />
          <Textarea label="Text" required autosize minRows={6} {...form.getInputProps('body')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Save template</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
