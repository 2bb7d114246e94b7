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
import { caseCategories, caseLabel } from './case-badges';
import i18n from '../../i18n';
import { useTranslation } from 'react-i18next';

type Template = Schemas['ReplyTemplate'];
const placeholders = ['customer.name', 'customer.email', 'order.number', 'case.reference', 'case.subject', 'agent.name'];

/** Reply templates: managers and admins write them, agents pick them in the reply composer. */
export default function TemplatesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canEdit = user.role === 'admin' || user.role === 'manager';
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/support/templates', { signal })), []);
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const { run } = useSubmit();
  const remove = (t: Template) => run(() => unwrap(api.DELETE('/api/v1/support/templates/{id}', { params: { path: { id: t.id } } })), () => (notifications.show({ message: i18n.t('admin.templateDeleted', { name: t.name }) }), list.reload()));
  const columns: Column<Template>[] = [
    { key: 'name', header: t('admin.templates.name'), render: (t) => <Text fw={600} size="sm">{t.name}</Text> },
    { key: 'category', header: t('admin.templates.category'), render: (t) => <Text size="sm">{t.category ? caseLabel('category', t.category) : i18n.t('admin.templates.any')}</Text> },
    { key: 'body', header: t('admin.templates.text'), render: (t) => <Text size="sm" lineClamp={2}>{t.body}</Text> },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (tpl) =>
        canEdit && (
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            <Button size="compact-sm" variant="light" onClick={() => setEditing(tpl)}>{t('admin.templates.edit')}</Button>
            <Button size="compact-sm" variant="subtle" color="red" onClick={() => void remove(tpl)}>{t('admin.templates.delete')}</Button>
          </Group>
        ),
    },
  ];
  return (
    <>
      <PageHeader
        above={<Anchor component={Link} to="/cases" size="sm">← {t('nav.cases')}</Anchor>}
        title={t('admin.templates.replyTemplates')}
        description={`Placeholders: ${placeholders.map((p) => `{{${p}}}`).join(' ')}`}
        actions={canEdit && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('admin.templates.newTemplate')}</Button>}
      />
      <DataTable label={t('admin.templates.replyTemplates')} columns={columns} rows={list.data?.items} rowKey={(t) => t.id} loading={list.loading} error={list.error} onRetry={list.reload} empty={{ title: t('admin.templates.noTemplatesYet'), description: t('admin.templates.writeTheAnswersYour') }} />
      {editing && <TemplateModal template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onDone={list.reload} />}
    </>
  );
}

function TemplateModal({ template, onClose, onDone }: { template: Template | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { name: template?.name ?? '', subject: template?.subject ?? '', body: template?.body ?? '', category: template?.category ?? '' },
    validate: { name: (v) => (v.trim() ? null : t('common.required')), body: (v) => (v.trim() ? null : t('common.required')) },
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
    <Modal opened onClose={onClose} title={template ? t('fulfillment.editBox', { code: template.name }) : t('admin.newReplyTemplate')} centered size="lg">
      <form onSubmit={form.onSubmit((v) => void submit(v))}>
        <Stack>
          <TextInput label={t('admin.templates.name')} required data-autofocus {...form.getInputProps('name')} />
          <TextInput label={t('admin.templates.subject')} placeholder={t('admin.templates.defaultReCaseSubject')} {...form.getInputProps('subject')} />
          <Select label={t('admin.templates.category')} placeholder={t('admin.templates.any')} clearable data={caseCategories.map((s) => ({ value: s, label: caseLabel('category', s) }))} {...form.getInputProps('category')} />
          <Textarea label={t('admin.templates.text')} required autosize minRows={6} {...form.getInputProps('body')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('admin.templates.cancel')}</Button>
            <Button type="submit" loading={busy}>{t('admin.templates.saveTemplate')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
