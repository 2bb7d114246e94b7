import { useState } from 'react';
import { Modal, NumberInput, SegmentedControl, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { DialogActions } from '../../components/dialog-actions';
import { newIdempotencyKey as newKey } from '../../api/idempotency-key';
import { useSubmit } from '../../api/hooks';
import { decimalToMinor, formatMoney, minorToDecimal } from '../../lib/format';
import type { Order } from './types';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

type Payment = Schemas['Payment'];
interface Props {
  order: Order;
  payment: Payment;
  onClose: () => void;
  onDone: () => void;
}

const required = (v: string) => (v.trim() ? null : i18n.t('common.required'));
const amountCheck = (max: number, currency: string) => (v: string) => {
  const n = decimalToMinor(v, currency);
  if (n === null) return i18n.t('payments.modals.amountLike', { example: minorToDecimal(max, currency) });
  if (n <= 0) return i18n.t('payments.modals.moreThanZero');
  if (n > max) return i18n.t('payments.modals.atMost', { amount: formatMoney({ amount: max, currency }) });
  return null;
};


export function CaptureModal({ order, payment, onClose, onDone }: Props) {
  const cur = payment.amount.currency;
  const { t } = useTranslation();
  const max = payment.capturable.amount;
  const form = useForm({ initialValues: { amount: minorToDecimal(max, cur) }, validate: { amount: amountCheck(max, cur) } });
  const { run, busy } = useSubmit(form, { 'amount.amount': 'amount', amount: 'amount' });
  const [key] = useState(newKey);
  return (
    <Modal opened onClose={onClose} title={t('payments.modals.captureTitle', { seq: payment.seq })} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () =>
              unwrap(
                api.POST('/api/v1/orders/{id}/payments/{paymentId}/capture', {
                  params: { path: { id: order.id, paymentId: payment.id }, header: { 'idempotency-key': key } },
                  body: { amount: { amount: decimalToMinor(v.amount, cur)!, currency: cur } },
                }),
              ),
            (p) => {
              notifications.show({ color: 'teal', message: t('payments.modals.captured', { amount: formatMoney(p.captured) }) });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('payments.modals.canCapture', { amount: formatMoney(payment.capturable) })}
          </Text>
          <TextInput label={t('payments.modals.amountIn', { currency: cur })} inputMode="decimal" data-autofocus {...form.getInputProps('amount')} />
          <DialogActions onClose={onClose} busy={busy} label={t('payments.capture')} />
        </Stack>
      </form>
    </Modal>
  );
}

export function VoidModal({ order, payment, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { reason: '' } });
  const { run, busy } = useSubmit(form);
  const [key] = useState(newKey);
  return (
    <Modal opened onClose={onClose} title={t('payments.modals.voidTitle', { seq: payment.seq })} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () =>
              unwrap(
                api.POST('/api/v1/orders/{id}/payments/{paymentId}/void', {
                  params: { path: { id: order.id, paymentId: payment.id }, header: { 'idempotency-key': key } },
                  body: v.reason.trim() ? { reason: v.reason } : {},
                }),
              ),
            () => {
              notifications.show({ color: 'red', message: t('payments.modals.released', { amount: formatMoney(payment.capturable), seq: payment.seq }) });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm">{t('payments.modals.voidHint', { amount: formatMoney(payment.capturable) })}</Text>
          <Textarea label={t('orders.modals.reason')} autosize minRows={2} data-autofocus {...form.getInputProps('reason')} />
          <DialogActions onClose={onClose} busy={busy} label={t('payments.void')} color="red" />
        </Stack>
      </form>
    </Modal>
  );
}

/** Refund by line quantities (their value is computed by Ordo) or as a free amount, with a reason. */
export function RefundModal({ order, payment, onClose, onDone }: Props) {
  const cur = payment.amount.currency;
  const { t } = useTranslation();
  const max = payment.refundable.amount;
  const lines = order.lines.filter((l) => l.quantities.ordered > l.quantities.cancelled);
  const form = useForm({
    initialValues: { mode: 'lines' as 'lines' | 'amount', amount: '', reason: '', qty: Object.fromEntries(lines.map((l) => [l.id, 0])) as Record<string, number | string> },
    validate: {
      reason: required,
      amount: (v, all) => (all.mode === 'amount' ? amountCheck(max, cur)(v) : null),
    },
  });
  const { run, busy } = useSubmit(form, { 'amount.amount': 'amount', amount: 'amount', lines: 'reason' });
  const [key] = useState(newKey);
  return (
    <Modal opened onClose={onClose} title={t('payments.modals.refundTitle', { seq: payment.seq })} centered size="lg">
      <form
        onSubmit={form.onSubmit((v) => {
          const chosen = lines.map((l) => ({ lineId: l.id, quantity: Number(v.qty[l.id] ?? 0) })).filter((l) => l.quantity > 0);
          if (v.mode === 'lines' && chosen.length === 0) {
            form.setFieldError('reason', t('payments.modals.chooseUnit'));
            return;
          }
          const body = v.mode === 'lines' ? { lines: chosen, reason: v.reason } : { amount: { amount: decimalToMinor(v.amount, cur)!, currency: cur }, reason: v.reason };
          void run(
            () => unwrap(api.POST('/api/v1/orders/{id}/payments/{paymentId}/refund', { params: { path: { id: order.id, paymentId: payment.id }, header: { 'idempotency-key': key } }, body })),
            (p) => {
              notifications.show({ color: 'orange', message: t('payments.modals.refunded', { amount: formatMoney(p.refunded) }) });
              onDone();
              onClose();
            },
          );
        })}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('payments.modals.canRefund', { amount: formatMoney(payment.refundable) })}
          </Text>
          <SegmentedControl
            data={[
              { value: 'lines', label: t('payments.modals.orderLines') },
              { value: 'amount', label: t('payments.modals.freeAmount') },
            ]}
            {...form.getInputProps('mode')}
          />
          {form.values.mode === 'lines' ? (
            <Table fz="sm" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('payments.modals.line')}</Table.Th>
                  <Table.Th>{t('orders.lines.unitPrice')}</Table.Th>
                  <Table.Th w={130}>{t('payments.modals.unitsToRefund')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      {l.sku} · {l.name}
                    </Table.Td>
                    <Table.Td>{formatMoney(l.unitPrice)}</Table.Td>
                    <Table.Td>
                      <NumberInput aria-label={t('payments.modals.unitsOf', { sku: l.sku })} min={0} max={l.quantities.ordered - l.quantities.cancelled} allowDecimal={false} {...form.getInputProps(`qty.${l.id}`)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <TextInput label={t('payments.modals.amountIn', { currency: cur })} inputMode="decimal" placeholder={minorToDecimal(max, cur)} {...form.getInputProps('amount')} />
          )}
          <Textarea label={t('orders.modals.reason')} placeholder={t('payments.modals.refundPlaceholder')} autosize minRows={2} {...form.getInputProps('reason')} />
          <DialogActions onClose={onClose} busy={busy} label={t('payments.refund')} color="orange" />
        </Stack>
      </form>
    </Modal>
  );
}
