import i18n from '../../i18n';
import type { Schemas } from '../../api/client';

export const poStatusColor: Record<Schemas['PurchaseOrder']['status'], string> = { draft: 'gray', sent: 'blue', partially_received: 'yellow', received: 'teal', cancelled: 'red' };

/** A purchase order status or origin in the current language ("partially_received" → "partially received" / "teilweise erhalten"). */
export const poLabel = (kind: 'status' | 'origin', value: string) => i18n.t(`purchasing.${kind}.${value}`, { defaultValue: value.replace('_', ' ') });
