import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Group, Loader, Modal, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { newIdempotencyKey } from '../../api/idempotency-key';
import { formatDate, formatNumber } from '../../lib/format';
import { returnLabel, returnReasons } from './return-badges';
import { useTranslation } from 'react-i18next';

type Reason = (typeof returnReasons)[number];
type Resolution = 'refund' | 'store_credit' | 'exchange';

/**
 * Creates a return for an order: each line's eligibility (units still returnable, or why not), the
 * units and reason per line, the resolution. One Idempotency-Key per dialog, so a double click or a
 * retry creates one return. Opens the new return's page.
 */
export function CreateReturnDialog({ orderId, orderNumber, skuNames, onClose }: { orderId: string; orderNumber: string; skuNames: Record<string, string>; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const eligibility = useQuery((signal) => unwrap(api.GET('/api/v1/orders/{id}/return-eligibility', { signal, params: { path: { id: orderId } } })), [orderId]);
  const [picked, setPicked] = useState<Record<string, { quantity: number; reason: Reason | null }>>({});
  const [resolution, setResolution] = useState<Resolution>('refund');
  const key = useRef(newIdempotencyKey());
  const { run, busy } = useSubmit();

  const chosen = Object.entries(picked).filter(([, p]) => p.quantity > 0);
  const missingReason = chosen.some(([, p]) => !p.reason);
  const set = (lineId: string, patch: Partial<{ quantity: number; reason: Reason | null }>) =>
    setPicked((cur) => ({ ...cur, [lineId]: { quantity: 0, reason: null, ...cur[lineId], ...patch } }));

  const submit = () =>
    run(
      () =>
        unwrap(
          api.POST('/api/v1/returns', {
            params: { header: { 'idempotency-key': key.current } },
            body: { orderId, resolution, lines: chosen.map(([orderLineId, p]) => ({ orderLineId, quantity: p.quantity, reason: p.reason as Reason })) },
          }),
        ),
      (r) => navigate(`/returns/${r.id}`),
    );

  return (
    <Modal opened onClose={onClose} title={t('returns.create.title', { number: orderNumber })} centered size="xl">
      <Stack>
        {eligibility.error && (
          <Alert color="red" icon={<IconAlertTriangle />} title={eligibility.error.problem.title}>
            {eligibility.error.problem.detail}
          </Alert>
        )}
        {!eligibility.data && !eligibility.error && <Loader size="sm" />}
        {eligibility.data && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fulfillment.scan.item')}</Table.Th>
                <Table.Th>{t('returns.create.units')}</Table.Th>
                <Table.Th>{t('inventory.movements.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {eligibility.data.lines.map((l) => {
                const p = picked[l.lineId];
                return (
                  <Table.Tr key={l.lineId} data-testid="return-line">
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {skuNames[l.sku] ?? l.sku}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {l.sku}
                        {l.eligible && l.windowEndsAt ? ` · ${t('returns.create.until', { date: formatDate(l.windowEndsAt) })}` : ''}
                        {l.eligible && l.restockingFeeBps > 0 ? ` · ${t('returns.create.fee', { percent: formatNumber(l.restockingFeeBps / 100) })}` : ''}
                      </Text>
                      {!l.eligible && (
                        <Text size="xs" c="red.8" data-testid="not-eligible">
                          {l.detail}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={t('returns.create.unitsOf', { sku: l.sku })}
                        w={110}
                        disabled={!l.eligible}
                        allowDeselect={false}
                        data={Array.from({ length: Math.max(0, l.quantity) + 1 }, (_, i) => String(i))}
                        value={String(p?.quantity ?? 0)}
                        onChange={(v) => set(l.lineId, { quantity: Number(v ?? 0) })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={t('returns.create.reasonFor', { sku: l.sku })}
                        placeholder={t('returns.create.chooseReason')}
                        w={200}
                        disabled={!l.eligible}
                        data={returnReasons.map((r) => ({ value: r, label: returnLabel('reason', r) }))}
                        value={p?.reason ?? null}
                        onChange={(v) => set(l.lineId, { reason: v as Reason | null })}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('returns.list.resolution')}
          </Text>
          <SegmentedControl
            aria-label={t('returns.list.resolution')}
            data={[
              { value: 'refund', label: t('returns.create.refund') },
              { value: 'store_credit', label: t('returns.create.storeCredit') },
              { value: 'exchange', label: t('returns.create.exchange') },
            ]}
            value={resolution}
            onChange={(v) => setResolution(v as Resolution)}
          />
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} disabled={chosen.length === 0 || missingReason} onClick={() => void submit()}>
            {t('orders.page.createReturn')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
