import { Badge } from '@mantine/core';
import { humanize } from '../../lib/format';
import i18n from '../../i18n';

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

/** A fulfillment status in the current language ("ready_for_pickup" → "Ready for pickup" / "Abholbereit"). */
export const fulfillmentStatusLabel = (status: string) => i18n.t(`fulfillment.status.${status}`, { defaultValue: humanize(status) });

export function FulfillmentStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={colors[status] ?? 'gray'} variant="light" radius="sm" tt="none" fw={600} data-testid="fo-status">
      {fulfillmentStatusLabel(status)}
    </Badge>
  );
}
