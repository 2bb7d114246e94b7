import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { useCursorPaging, useUrlFilters } from '../../components/url-state';
import { formatRelative, humanize } from '../../lib/format';
import { useUser } from '../../auth/session';
import { CaseStatusBadge, SlaBadges, caseCategories, casePriorities, priorityColor, worksCases, caseLabel } from './case-badges';
import { useTranslation } from 'react-i18next';

type Case = Schemas['Case'];
type Status = NonNullable<Case['status']>;
type Category = (typeof caseCategories)[number];

/** Support cases: filters in the URL, SLA badges, a new case linked to an order number or an e-mail. */
export default function CasesPage() {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const user = useUser();
  const [creating, setCreating] = useState(false);
  const status = filters.get('status') as Status | '';
  const category = filters.get('category') as Category | '';
  const assignee = filters.get('assignee');
  const breached = filters.get('breached') === 'true';
  const list = useQuery(
    (signal) =>
      unwrap(
        api.GET('/api/v1/cases', {
          signal,
          params: { query: { limit: 25, cursor: paging.cursor, ...(status ? { status } : {}), ...(category ? { category } : {}), ...(assignee ? { assigneeId: assignee } : {}), ...(breached ? { breached: 'true' as const } : {}) } },
        }),
      ),
    [paging.cursor, status, category, assignee, breached],
    { refreshMs: 30_000 },
  );

  const columns: Column<Case>[] = [
    {
      key: 'case',
      header: t('cases.list.case'),
      render: (c) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/cases/${c.id}`} fw={600} size="sm">
            {c.reference} · {c.subject}
          </Anchor>
          <Text size="xs" c="dimmed">
            {caseLabel('category', c.category)} · {t('cases.list.opened', { when: formatRelative(c.createdAt) })} · {caseLabel('source', c.source)}
          </Text>
        </Stack>
      ),
    },
    { key: 'status', header: t('orders.list.status'), render: (c) => <CaseStatusBadge status={c.status} /> },
    { key: 'priority', header: t('cases.page.priority'), render: (c) => <Text size="sm" c={priorityColor[c.priority]} fw={c.priority === 'urgent' ? 700 : 500}>{caseLabel('priority', c.priority)}</Text> },
    { key: 'customer', header: t('orders.list.customer'), render: (c) => <Stack gap={0}><Text size="sm">{c.customerName ?? '—'}</Text><Text size="xs" c="dimmed">{c.orderNumber ? t('orders.page.title', { number: c.orderNumber }) : c.customerEmail}</Text></Stack> },
    { key: 'assignee', header: t('cases.page.assignee'), render: (c) => <Text size="sm">{c.assignee?.name ?? t('cases.page.unassigned')}</Text> },
    { key: 'sla', header: 'SLA', render: (c) => <SlaBadges c={c} /> },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.cases')}
        description={t('cases.list.description')}
        actions={
          worksCases(user.role) && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('cases.list.new')}
            </Button>
          )
        }
      />
      <Group mb="md" gap="md" align="flex-end" wrap="wrap">
        <Select label={t('orders.list.status')} placeholder={t('common.any')} clearable w={150} data={['open', 'pending', 'resolved'].map((s) => ({ value: s, label: caseLabel('status', s) }))} value={status || null} onChange={(v) => filters.set({ status: v })} />
        <Select label={t('cases.page.category')} placeholder={t('common.any')} clearable w={160} data={caseCategories.map((s) => ({ value: s, label: caseLabel('category', s) }))} value={category || null} onChange={(v) => filters.set({ category: v })} />
        <SegmentedControl aria-label={t('cases.page.assignee')} data={[{ value: '', label: t('cases.list.everyone') }, { value: 'me', label: t('cases.list.mine') }, { value: 'none', label: t('cases.page.unassigned') }]} value={assignee} onChange={(v) => filters.set({ assignee: v })} />
        <Checkbox label={t('cases.page.slaBreached')} checked={breached} onChange={(e) => filters.set({ breached: e.currentTarget.checked ? 'true' : null })} />
        {worksCases(user.role) && (
          <Anchor component={Link} to="/cases/templates" size="sm" ml="auto">
            {t('cases.list.templates')}
          </Anchor>
        )}
      </Group>
      <DataTable
        label={t('cases.list.label')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(c) => c.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={{ title: t('cases.list.empty'), description: t('cases.list.emptyHint') }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
      {creating && <NewCaseModal onClose={() => setCreating(false)} />}
    </>
  );
}

function NewCaseModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { orderNumber: '', customerEmail: '', subject: '', category: 'order' as Category, priority: 'normal' as (typeof casePriorities)[number], message: '' },
    validate: { subject: (v) => (v.trim() ? null : t('common.required')), orderNumber: (v, all) => (v.trim() || all.customerEmail.trim() ? null : t('cases.new.orderOrEmail')) },
  });
  const { run, busy } = useSubmit(form);
  const submit = (v: typeof form.values) =>
    run(
      () =>
        unwrap(
          api.POST('/api/v1/cases', {
            body: {
              subject: v.subject,
              category: v.category,
              priority: v.priority,
              ...(v.orderNumber.trim() ? { orderNumber: v.orderNumber.trim() } : {}),
              ...(v.customerEmail.trim() ? { customerEmail: v.customerEmail.trim() } : {}),
              ...(v.message.trim() ? { message: v.message.trim() } : {}),
            },
          }),
        ),
      (c) => navigate(`/cases/${c.id}`),
    );
  return (
    <Modal opened onClose={onClose} title={t('cases.list.new')} centered size="lg">
      <form onSubmit={form.onSubmit((v) => void submit(v))}>
        <Stack>
          <Group grow>
            <TextInput label={t('cases.new.orderNumber')} placeholder="ORD-1001" data-autofocus {...form.getInputProps('orderNumber')} />
            <TextInput label={t('cases.new.email')} placeholder={t('cases.new.emailPlaceholder')} {...form.getInputProps('customerEmail')} />
          </Group>
          <TextInput label={t('cases.composer.subject')} required {...form.getInputProps('subject')} />
          <Group grow>
            <Select label={t('cases.page.category')} data={caseCategories.map((s) => ({ value: s, label: caseLabel('category', s) }))} allowDeselect={false} {...form.getInputProps('category')} />
            <Select label={t('cases.page.priority')} data={casePriorities.map((s) => ({ value: s, label: caseLabel('priority', s) }))} allowDeselect={false} {...form.getInputProps('priority')} />
          </Group>
          <Textarea label={t('cases.new.request')} autosize minRows={3} {...form.getInputProps('message')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('cases.new.open')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
