import { humanize } from '../../lib/format';
import i18n from '../../i18n';

/** A sales channel in the current language ("web" → "Web shop" / "Onlineshop"); unknown channels are humanised. */
export const channelLabel = (channel: string) => i18n.t(`orders.channel.${channel}`, { defaultValue: humanize(channel) });

/** A hold type (fraud, payment, address, stock, manual) in the current language. */
export const holdTypeLabel = (type: string) => i18n.t(`orders.holdType.${type}`, { defaultValue: humanize(type) });
