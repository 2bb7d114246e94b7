import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Anchor, Badge, Button, Grid, Group, Paper, SegmentedControl, Select, Stack, Tabs, Text, Textarea, TextInput, Timeline } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowBackUp, IconClock, IconMail, IconMessage, IconNote, IconUser, IconCircleCheck } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/page-loader';
import { formatDateTime, humanize } from '../../lib/format';
import { useUser } from '../../auth/session';
import { CaseStatusBadge, SlaBadges, caseLabel, priorityColor, worksCases } from './case-badges';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

type CaseDetail = Schemas['CaseDetail'];
type Entry = CaseDetail['timeline'][number];

const icons: Record<Entry['kind'], typeof IconMail> = { opened: IconMessage, customer_message: IconMail, reply: IconArrowBackUp, comment: IconNote, assigned: IconUser, status_changed: IconCircleCheck, sla_breached: IconAlertTriangle };

function describe(e: Entry): string {
  switch (e.kind) {
    case 'opened':
      return i18n.t('cases.timeline.opened', { source: caseLabel('source', String(e.data.source ?? '')) });
    case 'customer_message':
      return i18n.t('cases.timeline.message', { author: e.author });
    case 'reply':
      return i18n.t('cases.timeline.reply', { author: e.author, to: String(e.data.to ?? '') });
    case 'comment':
      return i18n.t('cases.timeline.comment', { author: e.author });
    case 'assigned':
      return e.data.assigneeName ? i18n.t('cases.timeline.assigned', { assignee: String(e.data.assigneeName), author: e.author }) : i18n.t('cases.timeline.unassigned', { author: e.author });
    case 'status_changed':
      return i18n.t('cases.timeline.statusChanged', { from: caseLabel('status', String(e.data.from)), to: caseLabel('status', String(e.data.to)), author: e.author });
    case 'sla_breached':
      return i18n.t('cases.timeline.breached', { target: i18n.t(e.data.target === 'first_response' ? 'cases.timeline.firstResponse' : 'cases.timeline.resolution'), date: formatDateTime(String(e.data.dueAt)) });
  }
}

/** One case: its timeline, the reply composer (templates), internal comments, assignment and status. */
export default function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const q = useQuery((signal) => unwrap(api.GET('/api/v1/cases/{id}', { signal, params: { path: { id } } })), [id], { refreshMs: 30_000 });
  const [c, setC] = useState<CaseDetail | null>(null);
  const data = c && c.id === id && c.updatedAt >= (q.data?.updatedAt ?? '') ? c : q.data;
  const canWork = worksCases(user.role);
  const { run, busy } = useSubmit();
  if (q.error && !data) return <Alert color="red" title={q.error.problem.title}>{q.error.problem.detail}</Alert>;
  if (!data) return <PageLoader />;
  const done = (msg: string) => (next: CaseDetail) => {
    setC(next);
    notifications.show({ color: 'teal', message: msg });
  };
  const move = (status: 'open' | 'pending' | 'resolved') => run(() => unwrap(api.POST('/api/v1/cases/{id}/status', { params: { path: { id } }, body: { status } })), done(`${data.reference}: ${caseLabel('status', status)}`));

  return (
    <>
      <PageHeader
        above={<Anchor component={Link} to="/cases" size="sm">← {t('nav.cases')}</Anchor>}
        title={
          <Group gap="sm">
            <span>{data.reference}</span>
            <Text span fw={500} c="dimmed">{data.subject}</Text>
          </Group>
        }
        actions={
          canWork && (
            <Group gap="xs">
              {data.allowedStatuses.map((s) => (
                <Button key={s} variant={s === 'resolved' ? 'filled' : 'default'} color={s === 'resolved' ? 'teal' : undefined} loading={busy} onClick={() => void move(s)}>
                  {t(`cases.page.action.${s}`)}
                </Button>
              ))}
            </Group>
          )
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {canWork && <Composer c={data} onDone={setC} />}
          <Paper p="lg" mt="md">
            <Text fw={650} mb="md">{t('orders.page.timeline')}</Text>
            <Timeline bulletSize={26} lineWidth={2} data-testid="case-timeline">
              {data.timeline.map((e) => {
                const Icon = icons[e.kind];
                return (
                  <Timeline.Item key={e.id} bullet={<Icon size={14} />} color={e.kind === 'sla_breached' ? 'red' : e.kind === 'comment' ? 'yellow' : e.kind === 'reply' ? 'teal' : 'blue'} title={<Text size="sm" fw={600}>{describe(e)}</Text>}>
                    <Text size="xs" c="dimmed">{formatDateTime(e.at)}</Text>
                    {e.subject && e.kind !== 'opened' && <Text size="sm" fw={500} mt={4}>{e.subject}</Text>}
                    {e.body && <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>{e.body}</Text>}
                  </Timeline.Item>
                );
              })}
            </Timeline>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper p="lg">
            <Stack gap="sm">
              <Group justify="space-between"><Text size="sm" c="dimmed">{t('orders.list.status')}</Text><CaseStatusBadge status={data.status} /></Group>
              <Group justify="space-between"><Text size="sm" c="dimmed">{t('cases.page.priority')}</Text><Text size="sm" fw={600} c={priorityColor[data.priority]}>{caseLabel('priority', data.priority)}</Text></Group>
              <Group justify="space-between"><Text size="sm" c="dimmed">{t('cases.page.category')}</Text><Text size="sm">{caseLabel('category', data.category)}</Text></Group>
              <Group justify="space-between"><Text size="sm" c="dimmed">{t('orders.list.order')}</Text>{data.orderId ? <Anchor component={Link} to={`/orders/${data.orderId}`} size="sm">{data.orderNumber}</Anchor> : <Text size="sm">—</Text>}</Group>
              <Group justify="space-between"><Text size="sm" c="dimmed">{t('orders.list.customer')}</Text>{data.customerId ? <Anchor component={Link} to={`/customers/${data.customerId}`} size="sm">{data.customerName ?? data.customerEmail}</Anchor> : <Text size="sm">{data.customerName ?? '—'}</Text>}</Group>
              <Text size="xs" c="dimmed" ta="right">{data.customerEmail}</Text>
              <Group justify="space-between" align="flex-start"><Text size="sm" c="dimmed"><IconClock size={14} /> SLA</Text><SlaBadges c={data} /></Group>
              <Text size="xs" c="dimmed">{t('cases.page.firstReplyDue', { date: formatDateTime(data.sla.firstResponse.dueAt) })}{data.sla.firstResponse.doneAt ? ` · ${t('cases.page.replied', { date: formatDateTime(data.sla.firstResponse.doneAt) })}` : ''}</Text>
              <Text size="xs" c="dimmed">{t('cases.page.resolutionDue', { date: data.sla.resolution.dueAt ? formatDateTime(data.sla.resolution.dueAt) : data.status === 'resolved' ? t('cases.page.dueResolved') : t('cases.page.duePaused') })}</Text>
              {data.sla.breached && <Badge color="red" variant="filled">{t('cases.page.slaBreached')}</Badge>}
              {canWork && <Assignee c={data} onDone={setC} />}
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}

function Assignee({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const agents = useQuery((signal) => unwrap(api.GET('/api/v1/support/agents', { signal })), []);
  const { run, busy } = useSubmit();
  const assign = (assigneeId: string | null) => run(() => unwrap(api.POST('/api/v1/cases/{id}/assign', { params: { path: { id: c.id } }, body: { assigneeId } })), onDone);
  return (
    <Stack gap={4}>
      <Select
        label={t('cases.page.assignee')}
        placeholder={t('cases.page.unassigned')}
        clearable
        disabled={busy}
        data={(agents.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.name} (${t(`roles.${a.role}`, { defaultValue: a.role })})` }))}
        value={c.assignee?.id ?? null}
        onChange={(v) => void assign(v)}
      />
      <Button variant="subtle" size="compact-sm" onClick={() => void assign('me')} loading={busy}>
        {t('cases.page.assignToMe')}
      </Button>
    </Stack>
  );
}

function Composer({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const templates = useQuery((signal) => unwrap(api.GET('/api/v1/support/templates', { signal })), []);
  const [tab, setTab] = useState<string | null>('reply');
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [then, setThen] = useState<'' | 'pending' | 'resolved'>('');
  const { run, busy } = useSubmit();
  const pick = (tid: string | null) => {
    setTemplateId(tid);
    if (tid) void run(() => unwrap(api.POST('/api/v1/cases/{id}/reply-preview', { params: { path: { id: c.id } }, body: { templateId: tid } })), (p) => (setSubject(p.subject), setBody(p.body)));
  };
  const reset = (next: CaseDetail) => {
    setBody('');
    setSubject('');
    setTemplateId(null);
    onDone(next);
  };
  const send = () =>
    run(
      () => unwrap(api.POST('/api/v1/cases/{id}/replies', { params: { path: { id: c.id } }, body: { body, ...(subject ? { subject } : {}), ...(templateId ? { templateId } : {}), ...(then ? { then } : {}) } })),
      (next) => (notifications.show({ color: 'teal', message: t('cases.composer.queued', { email: c.customerEmail }) }), reset(next)),
    );
  const comment = () => run(() => unwrap(api.POST('/api/v1/cases/{id}/comments', { params: { path: { id: c.id } }, body: { body } })), reset);
  return (
    <Paper p="lg">
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="md">
          <Tabs.Tab value="reply" leftSection={<IconArrowBackUp size={14} />}>{t('cases.composer.replyTab')}</Tabs.Tab>
          <Tabs.Tab value="comment" leftSection={<IconNote size={14} />}>{t('cases.composer.commentTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="reply">
          <Stack>
            <Group grow align="flex-end">
              <Select label={t('cases.composer.template')} placeholder={t('cases.composer.freeText')} clearable data={(templates.data?.items ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }))} value={templateId} onChange={pick} />
              <TextInput label={t('cases.composer.subject')} placeholder={`Re: ${c.subject} [${c.reference}]`} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
            </Group>
            <Textarea label={t('cases.composer.message')} autosize minRows={5} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
            <Group justify="space-between">
              <SegmentedControl aria-label={t('cases.composer.afterSending')} value={then} onChange={(v) => setThen(v as typeof then)} data={[{ value: '', label: t('cases.composer.keepStatus') }, { value: 'pending', label: t('cases.composer.thenPending') }, { value: 'resolved', label: t('cases.composer.thenResolved') }]} />
              <Button onClick={() => void send()} loading={busy} disabled={!body.trim() || !c.customerEmail} leftSection={<IconMail size={16} />}>
                {t('cases.composer.send')}
              </Button>
            </Group>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="comment">
          <Stack>
            <Textarea label={t('cases.composer.comment')} description={t('cases.composer.commentHint')} autosize minRows={3} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
            <Group justify="flex-end">
              <Button variant="light" color="yellow" onClick={() => void comment()} loading={busy} disabled={!body.trim()}>
                {t('cases.composer.addComment')}
              </Button>
            </Group>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
