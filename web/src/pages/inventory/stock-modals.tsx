import { ActionIcon, Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { humanize } from '../../lib/format';
import { useTranslation } from 'react-i18next';

interface Props {
  locations: Array<{ value: string; label: string }>;
  onClose: () => void;
  onDone: () => void;
}
const reasons = ['receipt', 'adjustment', 'write-off', 'return'] as const;
const int = (v: number | string) => (typeof v === 'number' ? v : v === '' ? (undefined as unknown as number) : Number(v));
const note = (s: string) => (s.trim() ? s.trim() : undefined);

function Footer({ onClose, busy, label }: { onClose: () => void; busy: boolean; label: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={onClose}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={busy}>
        {label}
      </Button>
    </Group>
  );
}

export function AdjustModal({ locations, defaultSku, onClose, onDone }: Props & { defaultSku: string }) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { sku: defaultSku, locationCode: locations[0]?.value ?? '', delta: '' as number | string, reason: 'receipt' as (typeof reasons)[number], note: '' } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={t('inventory.adjustStock')} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () => unwrap(api.POST('/api/v1/inventory/adjustments', { body: { sku: v.sku.trim(), locationCode: v.locationCode, delta: int(v.delta), reason: v.reason, note: note(v.note) } })),
            (r) => {
              notifications.show({ color: 'green', title: t('inventory.modals.adjusted'), message: t('inventory.modals.adjustedMessage', { sku: r.sku, location: r.locationCode, onHand: r.onHand, available: r.available }) });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <TextInput label={t('inventory.sku')} required data-autofocus {...form.getInputProps('sku')} />
          <Select label={t('inventory.location')} required data={locations} searchable allowDeselect={false} {...form.getInputProps('locationCode')} />
          <Select label={t('inventory.movements.reason')} data={reasons.map((r) => ({ value: r, label: t(`reason.${r}`) }))} allowDeselect={false} {...form.getInputProps('reason')} />
          <NumberInput label={t('inventory.modals.delta')} description={t('inventory.modals.deltaHint')} allowDecimal={false} required {...form.getInputProps('delta')} />
          <Textarea label={t('inventory.note')} autosize minRows={1} {...form.getInputProps('note')} />
          <Footer onClose={onClose} busy={busy} label={t('inventory.modals.adjust')} />
        </Stack>
      </form>
    </Modal>
  );
}

export function TransferModal({ locations, defaultSku, onClose, onDone }: Props & { defaultSku: string }) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { sku: defaultSku, fromLocationCode: '', toLocationCode: '', quantity: '' as number | string, note: '' } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={t('inventory.modals.transferTitle')} centered>
      <form
        onSubmit={form.onSubmit((v) =>
          run(
            () => unwrap(api.POST('/api/v1/inventory/transfers', { body: { sku: v.sku.trim(), fromLocationCode: v.fromLocationCode, toLocationCode: v.toLocationCode, quantity: int(v.quantity), note: note(v.note) } })),
            (r) => {
              notifications.show({ color: 'green', title: t('inventory.modals.transferred'), message: `${r.quantity} × ${r.sku}: ${r.from.locationCode} → ${r.to.locationCode}` });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('inventory.modals.transferHint')}
          </Text>
          <TextInput label={t('inventory.sku')} required data-autofocus {...form.getInputProps('sku')} />
          <Group grow>
            <Select label={t('orders.list.from')} required data={locations} searchable {...form.getInputProps('fromLocationCode')} />
            <Select label={t('orders.list.to')} required data={locations} searchable {...form.getInputProps('toLocationCode')} />
          </Group>
          <NumberInput label={t('inventory.modals.quantity')} min={1} allowDecimal={false} required {...form.getInputProps('quantity')} />
          <Textarea label={t('inventory.note')} autosize minRows={1} {...form.getInputProps('note')} />
          <Footer onClose={onClose} busy={busy} label={t('inventory.transfer')} />
        </Stack>
      </form>
    </Modal>
  );
}

export function CountModal({ locations, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { locationCode: locations[0]?.value ?? '', counts: [{ sku: '', countedQuantity: '' as number | string }], note: '' } });
  const { run, busy } = useSubmit(form);
  return (
    <Modal opened onClose={onClose} title={t('inventory.cycleCount')} centered size="lg">
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
              notifications.show({ color: 'green', title: t('inventory.modals.counted'), message: t('inventory.modals.countedMessage', { count: r.applied.length, location: r.locationCode, changed }) });
              onDone();
              onClose();
            },
          ),
        )}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('inventory.modals.countHint')}
          </Text>
          <Select label={t('inventory.location')} required data={locations} searchable allowDeselect={false} {...form.getInputProps('locationCode')} />
          {form.values.counts.map((_, i) => (
            <Group key={i} align="flex-start" wrap="nowrap">
              <TextInput label={t('inventory.modals.skuN', { n: i + 1 })} required style={{ flex: 2 }} {...form.getInputProps(`counts.${i}.sku`)} />
              <NumberInput label={t('inventory.modals.counted')} min={0} allowDecimal={false} required style={{ flex: 1 }} {...form.getInputProps(`counts.${i}.countedQuantity`)} />
              <ActionIcon variant="subtle" color="gray" mt={28} aria-label={t('inventory.modals.removeSku', { n: i + 1 })} disabled={form.values.counts.length === 1} onClick={() => form.removeListItem('counts', i)}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          {form.errors.counts && <Text size="sm" c="red">{form.errors.counts}</Text>}
          <Button variant="subtle" leftSection={<IconPlus size={16} />} onClick={() => form.insertListItem('counts', { sku: '', countedQuantity: '' })} w="fit-content">
            {t('inventory.modals.addSku')}
          </Button>
          <Textarea label={t('inventory.note')} autosize minRows={1} {...form.getInputProps('note')} />
          <Footer onClose={onClose} busy={busy} label={t('inventory.modals.recordCount')} />
        </Stack>
      </form>
    </Modal>
  );
}
