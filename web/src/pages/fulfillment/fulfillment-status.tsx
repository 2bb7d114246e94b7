import { Badge } from '@mantine/core';
import { humanize } from '../../lib/format';

const colors: Record<string, string> = {
  open: 'blue',
  picking: 'violet',
  picked: 'indigo',
  packing: 'grape',
  packed: 'cyan',
  handed_off: 'teal',
  ready_for_pickup: 'orange',
  picked_up: 'green',
  rejected: 'red',
  cancelled: 'gray',
};

export const fulfillmentStatuses = Object.keys(colors);

export function FulfillmentStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={colors[status] ?? 'gray'} variant="light" radius="sm" tt="none" fw={600} data-testid="fo-status">
      {humanize(status)}
    </Badge>
  );
}
