import { ActionIcon, Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { humanize } from '../../lib/format';

interface Props {
  locations: Array<{ value: string; label: string }>;
  onClose: () => void;
  onDone: () => void;
}
const reasons = ['receipt', 'adjustment', 'write-off', 'return'] as const;
const int = (v: number | string) => (typeof v === 'number' ? v : v === '' ? (undefined as unknown as number) : Number(v));
const note = (s: string) => (s.trim() ? s.trim() : undefined);

function Footer({ onClose, busy, label }: { onClose: () => void; busy: boolean; label: string }) {
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={onClose}>
        Cancel
      </Button>
      <Button type="submit" loading={busy}>
        {label}
      </Button>
    </Group>
  );
}

export function AdjustModal({ locations, defaultSku, onClose, onDone }: Props & { defaultSku: string }) {
  const form = useForm({ initialValues: { sku: defaultSku, locationCode: locations[0]?.value ?? '', delta: '' as number | string, reason: 'receipt' as (typeof reasons)[number], note: '' } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title="Adjust stock" centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () => unwrap(api.POST('/api/v1/inventory/adjustments', { body: { sku: v.sku.trim(), locationCode: v.locationCode, delta: int(v.delta), reason: v.reason, note: note(v.note) } })),
            (r) => {
              notifications.show({ color: 'green', title: 'Stock adjusted', message: `${r.sku} at ${r.locationCode}: ${r.onHand} on hand, ${r.available} available` });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <TextInput label="SKU" required data-autofocus {...form.getInputProps('sku')} />
          <Select label="Location" required data={locations} searchable allowDeselect={false} {...form.getInputProps('locationCode')} />
          <Select label="Reason" data={reasons.map((r) => ({ value: r, label: humanize(r) }))} allowDeselect={false} {...form.getInputProps('reason')} />
          <NumberInput label="Change in units" description="Positive adds stock, negative removes it" allowDecimal={false} required {...form.getInputProps('delta')} />
          <Textarea label="Note" autosize minRows={1} {...form.getInputProps('note')} />
          <Footer onClose={onClose} busy={busy} label="Adjust" />
        </Stack>
      </form>
    </Modal>
  );
}

export function TransferModal({ locations, defaultSku, onClose, onDone }: Props & { defaultSku: string }) {
  const form = useForm({ initialValues: { sku: defaultSku, fromLocationCode: '', toLocationCode: '', quantity: '' as number | string, note: '' } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title="Transfer stock" centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () => unwrap(api.POST('/api/v1/inventory/transfers', { body: { sku: v.sku.trim(), fromLocationCode: v.fromLocationCode, toLocationCode: v.toLocationCode, quantity: int(v.quantity), note: note(v.note) } })),
            (r) => {
              notifications.show({ color: 'green', title: 'Stock transferred', message: `${r.quantity} × ${r.sku}: ${r.from.locationCode} → ${r.to.locationCode}` });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            Only available stock can move; reserved units stay where they are.
          </Text>
          <TextInput label="SKU" required data-autofocus {...form.getInputProps('sku')} />
          <Group grow>
            <Select label="From" required data={locations} searchable {...form.getInputProps('fromLocationCode')} />
            <Select label="To" required data={locations} searchable {...form.getInputProps('toLocationCode')} />
          </Group>
          <NumberInput label="Quantity" min={1} allowDecimal={false} required {...form.getInputProps('quantity')} />
          <Textarea label="Note" autosize minRows={1} {...form.getInputProps('note')} />
          <Footer onClose={onClose} busy={busy} label="Transfer" />
        </Stack>
      </form>
    </Modal>
  );
}

export function CountModal({ locations, onClose, onDone }: Props) {
  const form = useForm({ initialValues: { locationCode: locations[0]?.value ?? '', counts: [{ sku: '', countedQuantity: '' as number | string }], note: '' } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title="Cycle count" centered size="lg">
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () =>
              unwrap(
                api.POST('/api/v1/inventory/counts', {
                  body: { locationCode: v.locationCode, counts: v.counts.map((c) => ({ sku: c.sku.trim(), countedQuantity: int(c.countedQuantity) })), note: note(v.note) },
                }),
              ),
            (r) => {
              const changed = r.applied.filter((a) => a.delta !== 0).length;
              notifications.show({ color: 'green', title: 'Count recorded', message: `${r.applied.length} SKUs counted at ${r.locationCode}; ${changed} corrected` });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            Enter what is physically on the shelf. Differences become count movements in the ledger.
          </Text>
          <Select label="Location" required data={locations} searchable allowDeselect={false} {...form.getInputProps('locationCode')} />
          {form.values.counts.map((_, i) => (
            <Group key={i} align="flex-start" wrap="nowrap">
              <TextInput label={`SKU ${i + 1}`} required style={{ flex: 2 }} {...form.getInputProps(`counts.${i}.sku`)} />
              <NumberInput label="Counted" min={0} allowDecimal={false} required style={{ flex: 1 }} {...form.getInputProps(`counts.${i}.countedQuantity`)} />
              <ActionIcon variant="subtle" color="gray" mt={28} aria-label={`Remove SKU ${i + 1}`} disabled={form.values.counts.length === 1} onClick={() => form.removeListItem('counts', i)}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          {form.errors.counts && <Text size="sm" c="red">{form.errors.counts}</Text>}
          <Button variant="subtle" leftSection={<IconPlus size={16} />} onClick={() => form.insertListItem('counts', { sku: '', countedQuantity: '' })} w="fit-content">
            Add SKU
          </Button>
          <Textarea label="Note" autosize minRows={1} {...form.getInputProps('note')} />
          <Footer onClose={onClose} busy={busy} label="Record count" />
        </Stack>
      </form>
    </Modal>
  );
}
