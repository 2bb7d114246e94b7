import { useState } from 'react';
import { Button, Group, Paper, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconHandStop, IconListCheck, IconPlayerPlay } from '@tabler/icons-react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useTranslation } from 'react-i18next';

/**
 * The orders list's bulk bar: hold or release the selected orders (reported per order), create pick
 * lists for their open fulfillment orders (one per location, PDF opened), and export the current
 * filtered list as CSV.
 */
export function OrdersBulkBar({ selected, exportQuery, canManage, onDone }: { selected: string[]; exportQuery: string; canManage: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (name: string, fn: () => Promise<void>) => {
    setBusy(name);
    try {
      await fn();
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(null);
    }
  };
  const holds = (action: 'hold' | 'release') =>
    run(action, async () => {
      const r = await unwrap(api.POST('/api/v1/orders/bulk/holds', { body: { orderIds: selected, action, type: 'manual', reason: reason.trim() || (action === 'hold' ? t('orders.bulk.heldReason') : t('orders.bulk.releasedReason')) } }));
      const failed = r.results.filter((x) => !x.ok);
      notifications.show({ color: failed.length ? 'orange' : 'teal', message: `${t(action === 'hold' ? 'orders.bulk.held' : 'orders.bulk.released', { count: r.succeeded })}${failed.length ? `, ${t('orders.bulk.notDone', { count: failed.length, details: failed.map((f) => f.detail).join('; ') })}` : ''}` });
      onDone();
    });
  const pickLists = () =>
    run('pick', async () => {
      const byLocation = new Map<string, string[]>();
      for (const orderId of selected) {
        const fos = await unwrap(api.GET('/api/v1/fulfillment-orders', { params: { query: { orderId } as never } }));
        for (const fo of (fos as { items: Array<{ id: string; status: string; locationCode: string }> }).items) {
          if (fo.status === 'open') byLocation.set(fo.locationCode, [...(byLocation.get(fo.locationCode) ?? []), fo.id]);
        }
      }
      if (byLocation.size === 0) return void notifications.show({ color: 'orange', message: t('orders.bulk.nothingToPick') });
      for (const [locationCode, fulfillmentOrderIds] of byLocation) {
        const list = await unwrap(api.POST('/api/v1/pick-lists', { body: { locationCode, fulfillmentOrderIds } }));
        window.open(`/api/v1/pick-lists/${list.id}.pdf`, '_blank', 'noopener');
        notifications.show({ color: 'teal', message: t('orders.bulk.pickList', { number: list.number, location: locationCode, count: fulfillmentOrderIds.length }) });
      }
      onDone();
    });
  return (
    <Paper p="sm" mb="md" withBorder aria-label={t('orders.bulk.label')}>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <Text size="sm" fw={600} aria-live="polite">
          {t('orders.bulk.selected', { count: selected.length })}
        </Text>
        {canManage && (
          <>
            <TextInput label={t('orders.bulk.reason')} placeholder={t('orders.bulk.reasonPlaceholder')} w={240} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Button leftSection={<IconHandStop size={16} />} color="orange" disabled={!selected.length} loading={busy === 'hold'} onClick={() => holds('hold')}>{t('orders.bulk.hold')}</Button>
            <Button leftSection={<IconPlayerPlay size={16} />} variant="light" disabled={!selected.length} loading={busy === 'release'} onClick={() => holds('release')}>{t('orders.bulk.release')}</Button>
            <Button leftSection={<IconListCheck size={16} />} variant="light" disabled={!selected.length} loading={busy === 'pick'} onClick={pickLists}>{t('orders.bulk.printPickLists')}</Button>
          </>
        )}
        <Button component="a" href={`/api/v1/exports/orders.csv${exportQuery ? `?${exportQuery}` : ''}`} download="orders.csv" variant="default" leftSection={<IconDownload size={16} />}>
          {t('orders.bulk.exportCsv')}
        </Button>
      </Group>
    </Paper>
  );
}
