import { Badge } from '@mantine/core';
import { humanize } from '../lib/format';
import i18n from '../i18n';

/** A status or reason in the current language; unknown ones are humanised ("partially_shipped" → "Partially shipped"). */
const label = (ns: string, value: string) => i18n.t(`${ns}.${value}`, { defaultValue: humanize(value) });

const orderColors: Record<string, string> = {
  placed: 'blue',
  confirmed: 'indigo',
  processing: 'violet',
  partially_shipped: 'cyan',
  shipped: 'teal',
  delivered: 'green',
  completed: 'gray',
  cancelled: 'red',
};

export const orderStatusColor = (status: string) => orderColors[status] ?? 'gray';

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={orderStatusColor(status)} variant="light" radius="sm" tt="none" fw={600}>
      {label('status', status)}
    </Badge>
  );
}

const reasonColors: Record<string, string> = {
  receipt: 'green',
  return: 'teal',
  adjustment: 'blue',
  count: 'violet',
  transfer: 'cyan',
  shipment: 'indigo',
  'write-off': 'red',
};

export function ReasonBadge({ reason }: { reason: string }) {
  return (
    <Badge color={reasonColors[reason] ?? 'gray'} variant="light" radius="sm" tt="none" fw={600}>
      {label('reason', reason)}
    </Badge>
  );
}

export function HoldBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <Badge color="orange" variant="filled" radius="sm" tt="none" fw={600}>
      {count > 1 ? i18n.t('status.onHoldCount', { count }) : i18n.t('status.onHold')}
    </Badge>
  );
}
