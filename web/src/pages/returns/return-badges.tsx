import { Badge } from '@mantine/core';
import { humanize } from '../../lib/format';
import i18n from '../../i18n';

export const returnStatuses = ['requested', 'approved', 'rejected', 'label_issued', 'in_transit', 'received', 'inspected', 'completed', 'cancelled'] as const;
export const returnReasons = ['changed_mind', 'wrong_size', 'not_as_described', 'defective', 'damaged', 'wrong_item', 'other'] as const;
export const returnConditions = ['new', 'like_new', 'used', 'damaged', 'defective'] as const;
export const returnDispositions = ['restock', 'refurbish', 'quarantine', 'scrap', 'return_to_vendor'] as const;

/** A return's status, reason, resolution, condition, disposition or source in the current language; unknown values humanised. */
export const returnLabel = (kind: 'status' | 'reason' | 'resolution' | 'condition' | 'disposition' | 'source' | 'paidBy', value: string) =>
  i18n.t(`returns.${kind}.${value}`, { defaultValue: humanize(value) });

const colors: Record<string, string> = {
  requested: 'blue',
  approved: 'indigo',
  label_issued: 'violet',
  in_transit: 'cyan',
  received: 'teal',
  inspected: 'teal',
  completed: 'green',
  rejected: 'red',
  cancelled: 'gray',
};

/** A return's status as a badge (`data-testid="return-status"`). */
export function ReturnStatusBadge({ status }: { status: string }) {
  return (
    <Badge data-testid="return-status" color={colors[status] ?? 'gray'} variant="light" radius="sm" tt="none" fw={600}>
      {returnLabel('status', status)}
    </Badge>
  );
}
