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
import { CaseStatusBadge, SlaBadges, priorityColor, worksCases } from './case-badges';

type CaseDetail = Schemas['CaseDetail'];
type Entry = CaseDetail['timeline'][number];

const statusAction: Record<string, string> = { pending: 'Mark pending', resolved: 'Resolve', open: 'Reopen' };
const icons: Record<Entry['kind'], typeof IconMail> = { opened: IconMessage, customer_message: IconMail, reply: IconArrowBackUp, comment: IconNote, assigned: IconUser, status_changed: IconCircleCheck, sla_breached: IconAlertTriangle };

function describe(e: Entry): string {
  switch (e.kind) {
    case 'opened':
      return `Case opened (${humanize(String(e.data.source ?? ''))})`;
    case 'customer_message':
      return `Message from ${e.author}`;
    case 'reply':
      return `Reply by ${e.author} to ${String(e.data.to ?? '')}`;
    case 'comment':
      return `Internal comment by ${e.author}`;
    case 'assigned':
      return e.data.assigneeName ? `Assigned to ${String(e.data.assigneeName)} by ${e.author}` : `Unassigned by ${e.author}`;
    case 'status_changed':
      return `${humanize(String(e.data.from))} → ${humanize(String(e.data.to))} by ${e.author}`;
    case 'sla_breached':
      return `SLA breached: ${e.data.target === 'first_response' ? 'first response' : 'resolution'} was due ${formatDateTime(String(e.data.dueAt))}`;
  }
}

/** One case: its timeline, the reply composer (templates), internal comments, assignment and status. */
export default function CasePage() {
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
  const move = (status: 'open' | 'pending' | 'resolved') => run(() => unwrap(api.POST('/api/v1/cases/{id}/status', { params: { path: { id } }, body: { status } })), done(`${data.reference}: ${humanize(status)}`));

  return (
    <>
      <PageHeader
        above={<Anchor component={Link} to="/cases" size="sm">← Cases</Anchor>}
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
                  {statusAction[s]}
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
            <Text fw={650} mb="md">Timeline</Text>
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
              <Group justify="space-between"><Text size="sm" c="dimmed">Status</Text><CaseStatusBadge status={data.status} /></Group>
              <Group justify="space-between"><Text size="sm" c="dimmed">Priority</Text><Text size="sm" fw={600} c={priorityColor[data.priority]}>{humanize(data.priority)}</Text></Group>
              <Group justify="space-between"><Text size="sm" c="dimmed">Category</Text><Text size="sm">{humanize(data.category)}</Text></Group>
              <Group justify="space-between"><Text size="sm" c="dimmed">Order</Text>{data.orderId ? <Anchor component={Link} to={`/orders/${data.orderId}`} size="sm">{data.orderNumber}</Anchor> : <Text size="sm">—</Text>}</Group>
              <Group justify="space-between"><Text size="sm" c="dimmed">Customer</Text>{data.customerId ? <Anchor component={Link} to={`/customers/${data.customerId}`} size="sm">{data.customerName ?? data.customerEmail}</Anchor> : <Text size="sm">{data.customerName ?? '—'}</Text>}</Group>
              <Text size="xs" c="dimmed" ta="right">{data.customerEmail}</Text>
              <Group justify="space-between" align="flex-start"><Text size="sm" c="dimmed"><IconClock size={14} /> SLA</Text><SlaBadges c={data} /></Group>
              <Text size="xs" c="dimmed">First reply due {formatDateTime(data.sla.firstResponse.dueAt)}{data.sla.firstResponse.doneAt ? ` · replied ${formatDateTime(data.sla.firstResponse.doneAt)}` : ''}</Text>
              <Text size="xs" c="dimmed">Resolution due {data.sla.resolution.dueAt ? formatDateTime(data.sla.resolution.dueAt) : data.status === 'resolved' ? '— (resolved)' : '— (paused while pending)'}</Text>
              {data.sla.breached && <Badge color="red" variant="filled">SLA breached</Badge>}
              {canWork && <Assignee c={data} onDone={setC} />}
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}

function Assignee({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail) => void }) {
  const agents = useQuery((signal) => unwrap(api.GET('/api/v1/support/agents', { signal })), []);
  const { run, busy } = useSubmit();
  const assign = (assigneeId: string | null) => run(() => unwrap(api.POST('/api/v1/cases/{id}/assign', { params: { path: { id: c.id } }, body: { assigneeId } })), onDone);
  return (
    <Stack gap={4}>
      <Select
        label="Assignee"
        placeholder="Unassigned"
        clearable
        disabled={busy}
        data={(agents.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.role})` }))}
        value={c.assignee?.id ?? null}
        onChange={(v) => void assign(v)}
      />
      <Button variant="subtle" size="compact-sm" onClick={() => void assign('me')} loading={busy}>
        Assign to me
      </Button>
    </Stack>
  );
}

function Composer({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail) => void }) {
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
      (next) => (notifications.show({ color: 'teal', message: `Reply to ${c.customerEmail} queued` }), reset(next)),
    );
  const comment = () => run(() => unwrap(api.POST('/api/v1/cases/{id}/comments', { params: { path: { id: c.id } }, body: { body } })), reset);
  return (
    <Paper p="lg">
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="md">
          <Tabs.Tab value="reply" leftSection={<IconArrowBackUp size={14} />}>Reply to customer</Tabs.Tab>
          <Tabs.Tab value="comment" leftSection={<IconNote size={14} />}>Internal comment</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="reply">
          <Stack>
            <Group grow align="flex-end">
              <Select label="Template" placeholder="Free text" clearable data={(templates.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))} value={templateId} onChange={pick} />
              <TextInput label="Subject" placeholder={`Re: ${c.subject} [${c.reference}]`} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
            </Group>
            <Textarea label="Message" autosize minRows={5} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
            <Group justify="space-between">
              <SegmentedControl aria-label="After sending" value={then} onChange={(v) => setThen(v as typeof then)} data={[{ value: '', label: 'Keep status' }, { value: 'pending', label: 'Then pending' }, { value: 'resolved', label: 'Then resolved' }]} />
              <Button onClick={() => void send()} loading={busy} disabled={!body.trim() || !c.customerEmail} leftSection={<IconMail size={16} />}>
                Send reply
              </Button>
            </Group>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="comment">
          <Stack>
            <Textarea label="Comment" description="Only your team sees it." autosize minRows={3} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
            <Group justify="flex-end">
              <Button variant="light" color="yellow" onClick={() => void comment()} loading={busy} disabled={!body.trim()}>
                Add comment
              </Button>
            </Group>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
