import { Badge, Group, Tooltip } from '@mantine/core';
import type { Schemas } from '../../api/client';
import { formatDateTime, formatRelative, humanize } from '../../lib/format';
import i18n from '../../i18n';

type Case = Schemas['Case'];
type Target = Case['sla']['firstResponse'];

export const caseStatusColor: Record<string, string> = { open: 'blue', pending: 'yellow', resolved: 'teal' };
export const priorityColor: Record<string, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
export const caseCategories = ['order', 'delivery', 'return', 'payment', 'product', 'other'] as const;
export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
/** Mirrors the API's roles for case work (src/modules/support/support.routes.ts). */
export const worksCases = (r: string) => ['admin', 'manager', 'support'].includes(r);

/** A case status, priority, category or source in the current language; unknown values humanised. */
export const caseLabel = (kind: 'status' | 'priority' | 'category' | 'source', value: string) => i18n.t(`cases.${kind}.${value}`, { defaultValue: humanize(value) });

export function CaseStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={caseStatusColor[status] ?? 'gray'} variant="light" data-testid="case-status">
      {caseLabel('status', status)}
    </Badge>
  );
}

function TargetBadge({ label, t }: { label: string; t: Target }) {
  if (t.state === 'none' || t.state === 'met' || t.state === 'paused') return null;
  const color = t.state === 'breached' ? 'red' : t.state === 'due_soon' ? 'orange' : 'gray';
  const text = t.state === 'breached' ? i18n.t('cases.sla.breached', { label }) : i18n.t('cases.sla.due', { label, when: t.dueAt ? formatRelative(t.dueAt) : '' });
  return (
    <Tooltip label={t.dueAt ? i18n.t('cases.sla.dueAt', { date: formatDateTime(t.dueAt) }) : i18n.t('cases.sla.paused')}>
      <Badge color={color} variant={t.state === 'breached' ? 'filled' : 'light'} size="sm">
        {text}
      </Badge>
    </Tooltip>
  );
}

/** The SLA badges of a case: first response and resolution, each running, due soon or breached. */
export function SlaBadges({ c }: { c: Case }) {
  return (
    <Group gap={4} wrap="wrap">
      <TargetBadge label={i18n.t('cases.sla.reply')} t={c.sla.firstResponse} />
      <TargetBadge label={i18n.t('cases.sla.resolve')} t={c.sla.resolution} />
    </Group>
  );
}
