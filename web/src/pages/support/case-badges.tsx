import { Badge, Group, Tooltip } from '@mantine/core';
import type { Schemas } from '../../api/client';
import { formatDateTime, formatRelative, humanize } from '../../lib/format';

type Case = Schemas['Case'];
type Target = Case['sla']['firstResponse'];

export const caseStatusColor: Record<string, string> = { open: 'blue', pending: 'yellow', resolved: 'teal' };
export const priorityColor: Record<string, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
export const caseCategories = ['order', 'delivery', 'return', 'payment', 'product', 'other'] as const;
export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
/** Mirrors the API's roles for case work (src/modules/support/support.routes.ts). */
export const worksCases = (r: string) => ['admin', 'manager', 'support'].includes(r);

export function CaseStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={caseStatusColor[status] ?? 'gray'} variant="light" data-testid="case-status">
      {humanize(status)}
    </Badge>
  );
}

function TargetBadge({ label, t }: { label: string; t: Target }) {
  if (t.state === 'none' || t.state === 'met' || t.state === 'paused') return null;
  const color = t.state === 'breached' ? 'red' : t.state === 'due_soon' ? 'orange' : 'gray';
  const text = t.state === 'breached' ? `${label} breached` : `${label} due ${t.dueAt ? formatRelative(t.dueAt) : ''}`;
  return (
    <Tooltip label={t.dueAt ? `Due ${formatDateTime(t.dueAt)} (business hours)` : 'Paused'}>
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
      <TargetBadge label="Reply" t={c.sla.firstResponse} />
      <TargetBadge label="Resolve" t={c.sla.resolution} />
    </Group>
  );
}
