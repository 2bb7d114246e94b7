import { Modal, NumberInput, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { DialogActions } from '../../components/dialog-actions';
import { useSubmit } from '../../api/hooks';
import { humanize } from '../../lib/format';
import { cancellable, holdTypes, type Hold, type Order, type OrderLine } from './types';

interface Props {
  order: Order;
  onClose: () => void;
  onDone: () => void;
}

const required = (v: string) => (v.trim() ? null : 'Is required');


export function PlaceHoldModal({ order, onClose, onDone }: Props) {
  const form = useForm({ initialValues: { type: 'manual' as (typeof holdTypes)[number], reason: '' }, validate: { reason: required } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={`Place a hold on ${order.number}`} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () => unwrap(api.POST('/api/v1/orders/{id}/holds', { params: { path: { id: order.id } }, body: v })),
            () => {
              notifications.show({ color: 'orange', message: `${humanize(v.type)} hold placed on ${order.number}` });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            A held order is not picked or shipped until every hold is released.
          </Text>
          <Select label="Hold type" data={holdTypes.map((t) => ({ value: t, label: humanize(t) }))} allowDeselect={false} {...form.getInputProps('type')} />
          <Textarea label="Reason" placeholder="Why is this order held?" autosize minRows={2} data-autofocus {...form.getInputProps('reason')} />
          <DialogActions onClose={onClose} busy={busy} label="Place hold" color="orange" />
        </Stack>
      </form>
    </Modal>
  );
}

export function ReleaseHoldModal({ order, hold, onClose, onDone }: Props & { hold: Hold }) {
  const form = useForm({ initialValues: { reason: '' }, validate: { reason: required } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={`Release ${humanize(hold.type).toLowerCase()} hold`} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () => unwrap(api.POST('/api/v1/orders/{id}/holds/{holdId}/release', { params: { path: { id: order.id, holdId: hold.id } }, body: v })),
            () => {
              notifications.show({ color: 'teal', message: `Hold released on ${order.number}` });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm">
            Held because: <i>{hold.reason}</i>
          </Text>
          <Textarea label="Release reason" placeholder="What was resolved?" autosize minRows={2} data-autofocus {...form.getInputProps('reason')} />
          <DialogActions onClose={onClose} busy={busy} label="Release hold" />
        </Stack>
      </form>
    </Modal>
  );
}

/** Cancels the whole order, or some units of one line when `line` is given. */
export function CancelModal({ order, line, onClose, onDone }: Props & { line?: OrderLine | undefined }) {
  const max = line ? cancellable(line) : 0;
  const form = useForm({ initialValues: { reason: '', quantity: max as number | string }, validate: { reason: required } });
  const { run, busy } = useSubmit(form, { 'lines.0.quantity': 'quantity', 'lines.0.lineId': 'quantity' });
  return (
    <Modal opened onClose={onClose} title={line ? `Cancel ${line.name}` : `Cancel order ${order.number}`} centered>
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
              notifications.show({ color: 'red', message: line ? `Cancelled ${v.quantity} × ${line.sku}` : `Order ${order.number} cancelled` });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {line
              ? `${max} of ${line.quantities.ordered} units can still be cancelled. Reserved stock goes back to available.`
              : 'Every unit not yet shipped is cancelled and its reserved stock goes back to available.'}
          </Text>
          {line && <NumberInput label="Quantity to cancel" min={1} max={max} allowDecimal={false} {...form.getInputProps('quantity')} />}
          <Textarea label="Reason" placeholder="Customer request, out of stock…" autosize minRows={2} data-autofocus {...form.getInputProps('reason')} />
          <DialogActions onClose={onClose} busy={busy} label={line ? 'Cancel units' : 'Cancel order'} color="red" />
        </Stack>
      </form>
    </Modal>
  );
}
