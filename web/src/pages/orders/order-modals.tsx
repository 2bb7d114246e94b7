import { Modal, NumberInput, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { DialogActions } from '../../components/dialog-actions';
import { useSubmit } from '../../api/hooks';
import { holdTypeLabel } from './order-labels';
import { cancellable, holdTypes, type Hold, type Order, type OrderLine } from './types';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

interface Props {
  order: Order;
  onClose: () => void;
  onDone: () => void;
}

const required = (v: string) => (v.trim() ? null : i18n.t('common.required'));


export function PlaceHoldModal({ order, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { type: 'manual' as (typeof holdTypes)[number], reason: '' }, validate: { reason: required } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={t('orders.modals.placeHoldTitle', { number: order.number })} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () => unwrap(api.POST('/api/v1/orders/{id}/holds', { params: { path: { id: order.id } }, body: v })),
            () => {
              notifications.show({ color: 'orange', message: t('orders.modals.holdPlaced', { type: holdTypeLabel(v.type), number: order.number }) });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('orders.modals.holdExplain')}
          </Text>
          <Select label={t('orders.modals.holdType')} data={holdTypes.map((h) => ({ value: h, label: holdTypeLabel(h) }))} allowDeselect={false} {...form.getInputProps('type')} />
          <Textarea label={t('orders.modals.reason')} placeholder={t('orders.modals.holdReasonPlaceholder')} autosize minRows={2} data-autofocus {...form.getInputProps('reason')} />
          <DialogActions onClose={onClose} busy={busy} label={t('orders.page.placeHold')} color="orange" />
        </Stack>
      </form>
    </Modal>
  );
}

export function ReleaseHoldModal({ order, hold, onClose, onDone }: Props & { hold: Hold }) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { reason: '' }, validate: { reason: required } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={t('orders.modals.releaseTitle', { type: holdTypeLabel(hold.type) })} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () => unwrap(api.POST('/api/v1/orders/{id}/holds/{holdId}/release', { params: { path: { id: order.id, holdId: hold.id } }, body: v })),
            () => {
              notifications.show({ color: 'teal', message: t('orders.modals.holdReleased', { number: order.number }) });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm">
            {t('orders.modals.heldBecause')} <i>{hold.reason}</i>
          </Text>
          <Textarea label={t('orders.modals.releaseReason')} placeholder={t('orders.modals.releasePlaceholder')} autosize minRows={2} data-autofocus {...form.getInputProps('reason')} />
          <DialogActions onClose={onClose} busy={busy} label={t('orders.modals.releaseHold')} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Cancels the whole order, or some units of one line when `line` is given. */
export function CancelModal({ order, line, onClose, onDone }: Props & { line?: OrderLine | undefined }) {
  const { t } = useTranslation();
  const max = line ? cancellable(line) : 0;
  const form = useForm({ initialValues: { reason: '', quantity: max as number | string }, validate: { reason: required } });
  const { run, busy } = useSubmit(form, { 'lines.0.quantity': 'quantity', 'lines.0.lineId': 'quantity' });
  return (
    <Modal opened onClose={onClose} title={line ? t('orders.modals.cancelLineTitle', { name: line.name }) : t('orders.modals.cancelOrderTitle', { number: order.number })} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () =>
              unwrap(
                api.POST('/api/v1/orders/{id}/cancel', {
                  params: { path: { id: order.id } },
                  body: { reason: v.reason, ...(line ? { lines: [{ lineId: line.id, quantity: Number(v.quantity) }] } : {}) },
                }),
              ),
            () => {
              notifications.show({ color: 'red', message: line ? t('orders.modals.cancelledUnits', { quantity: v.quantity, sku: line.sku }) : t('orders.modals.orderCancelled', { number: order.number }) });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {line
              ? t('orders.modals.cancelLineExplain', { count: max, ordered: line.quantities.ordered })
              : t('orders.modals.cancelOrderExplain')}
          </Text>
          {line && <NumberInput label={t('orders.modals.quantityToCancel')} min={1} max={max} allowDecimal={false} {...form.getInputProps('quantity')} />}
          <Textarea label={t('orders.modals.reason')} placeholder={t('orders.modals.cancelReasonPlaceholder')} autosize minRows={2} data-autofocus {...form.getInputProps('reason')} />
          <DialogActions onClose={onClose} busy={busy} label={line ? t('orders.modals.cancelUnits') : t('orders.modals.cancelOrder')} color="red" />
        </Stack>
      </form>
    </Modal>
  );
}
