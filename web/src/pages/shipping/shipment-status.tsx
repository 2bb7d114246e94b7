import { Badge } from '@mantine/core';
import { humanize } from '../../lib/format';
import i18n from '../../i18n';

/** A shipment status in the current language ("out_for_delivery" → "Out for delivery" / "In Zustellung"). */
export const shipmentStatusLabel = (status: string) => i18n.t(`shipping.status.${status}`, { defaultValue: humanize(status) });

const colors: Record<string, string> = {
  label_purchased: 'blue',
  handed_off: 'cyan',
  in_transit: 'indigo',
  out_for_delivery: 'violet',
  delivered: 'green',
  exception: 'red',
  returned_to_sender: 'orange',
  voided: 'gray',
};

export const shipmentStatuses = Object.keys(colors);

export function ShipmentStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={colors[status] ?? 'gray'} variant="light" radius="sm" tt="none" fw={600} data-testid="shipment-status">
      {shipmentStatusLabel(status)}
    </Badge>
  );
}
