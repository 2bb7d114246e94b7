import { useState } from 'react';
import { Badge, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconCash, IconReceiptRefund, IconBan } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { formatDateTime, formatMoney, humanize } from '../../lib/format';
import type { Order } from './types';
import { CaptureModal, RefundModal, VoidModal } from './payment-modals';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

export type Payment = Schemas['Payment'];
type Dialog = { kind: 'capture' | 'refund' | 'void'; payment: Payment } | null;

const statusColors: Record<string, string> = {
  pending: 'gray',
  requires_action: 'yellow',
  authorized: 'blue',
  partially_captured: 'cyan',
  captured: 'teal',
  partially_refunded: 'orange',
  refunded: 'red',
  voided: 'gray',
  failed: 'red',
  unpaid: 'gray',
};

/** A payment status, transaction kind or provider in the current language; unknown values humanised. */
export const paymentLabel = (value: string) => i18n.t(`payments.value.${value}`, { defaultValue: humanize(value) });

export function PaymentBadge({ status }: { status: string }) {
  return (
    <Badge color={statusColors[status] ?? 'gray'} variant="light" radius="sm" tt="none" fw={600}>
      {paymentLabel(status)}
    </Badge>
  );
}

/** The payments of an order: amounts per payment, its ledger, and capture / refund / void. */
export function OrderPayments({ order, manage, onChange }: { order: Order; manage: boolean; onChange: () => void }) {
  const q = useQuery((signal) => unwrap(api.GET('/api/v1/orders/{id}/payments', { signal, params: { path: { id: order.id } } })), [order.id, order.updatedAt]);
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<Dialog>(null);
  const done = () => {
    q.reload();
    onChange();
  };
  const data = q.data;
  if (data && data.items.length === 0) return null;
  return (
    <Paper p="lg" aria-label={t('payments.title')} component="section">
      <Group justify="space-between" mb="md">
        <Group gap="sm">
          <Text fw={650}>{t('payments.title')}</Text>
          {data && <PaymentBadge status={data.status} />}
        </Group>
        {data && (
          <Text size="sm" c="dimmed">
            {t('payments.orderTotal', { amount: formatMoney(data.total) })}
          </Text>
        )}
      </Group>
      {!data ? (
        <Skeleton h={80} />
      ) : (
        <Stack gap="lg">
          {data.items.map((p) => (
            <Stack key={p.id} gap="xs" data-testid={`payment-${p.seq}`}>
              <Group justify="space-between" wrap="wrap">
                <Group gap="xs">
                  <Text fw={600}>
                    #{p.seq} {paymentLabel(p.provider)}
                  </Text>
                  <PaymentBadge status={p.status} />
                  <Text size="xs" c="dimmed" ff="monospace">
                    {p.providerReference ?? p.paymentMethod}
                  </Text>
                </Group>
                {manage && (
                  <Group gap="xs">
                    <Button size="xs" leftSection={<IconCash size={14} />} disabled={p.capturable.amount === 0} onClick={() => setDialog({ kind: 'capture', payment: p })}>
                      {t('payments.capture')}
                    </Button>
                    <Button size="xs" variant="light" color="orange" leftSection={<IconReceiptRefund size={14} />} disabled={p.refundable.amount === 0} onClick={() => setDialog({ kind: 'refund', payment: p })}>
                      {t('payments.refund')}
                    </Button>
                    <Button size="xs" variant="subtle" color="red" leftSection={<IconBan size={14} />} disabled={p.capturable.amount === 0} onClick={() => setDialog({ kind: 'void', payment: p })}>
                      {t('payments.void')}
                    </Button>
                  </Group>
                )}
              </Group>
              <Table withTableBorder={false} verticalSpacing={4} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('payments.amount')}</Table.Th>
                    <Table.Th>{t('payments.authorized')}</Table.Th>
                    <Table.Th>{t('payments.captured')}</Table.Th>
                    <Table.Th>{t('payments.refunded')}</Table.Th>
                    <Table.Th>{t('payments.voided')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Td>{formatMoney(p.amount)}</Table.Td>
                    <Table.Td>{formatMoney(p.authorized)}</Table.Td>
                    <Table.Td data-testid={`payment-${p.seq}-captured`}>{formatMoney(p.captured)}</Table.Td>
                    <Table.Td data-testid={`payment-${p.seq}-refunded`}>{formatMoney(p.refunded)}</Table.Td>
                    <Table.Td>{formatMoney(p.voided)}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              {p.failure && (
                <Text size="sm" c="red">
                  {humanize(p.failure.code ?? 'failed')}: {p.failure.message}
                </Text>
              )}
              {(p.avs || p.cvv) && (
                <Text size="xs" c="dimmed">
                  AVS {humanize(p.avs ?? 'unavailable')} · CVV {humanize(p.cvv ?? 'unavailable')}
                </Text>
              )}
              <Stack gap={2}>
                {p.transactions.map((tx) => (
                  <Text key={tx.id} size="xs" c={tx.status === 'failed' ? 'red' : 'dimmed'}>
                    {formatDateTime(tx.createdAt)} · {paymentLabel(tx.kind)} {formatMoney(tx.amount)} · {paymentLabel(tx.status)}
                    {tx.reason ? ` · ${tx.reason}` : ''}
                  </Text>
                ))}
              </Stack>
            </Stack>
          ))}
        </Stack>
      )}
      {dialog?.kind === 'capture' && <CaptureModal order={order} payment={dialog.payment} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'refund' && <RefundModal order={order} payment={dialog.payment} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'void' && <VoidModal order={order} payment={dialog.payment} onClose={() => setDialog(null)} onDone={done} />}
    </Paper>
  );
}
