import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Modal, NumberInput, Paper, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { newIdempotencyKey as newKey } from '../../api/idempotency-key';
import { DialogActions } from '../../components/dialog-actions';
import { formatDateTime, formatMoney, humanize } from '../../lib/format';
import type { Order } from './types';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

type Operation = Schemas['OrderEditOperation'];
type Diff = Schemas['OrderEditDiff'];
type Version = Schemas['OrderVersion'];

const live = (l: Order['lines'][number]) => l.quantities.ordered - l.quantities.cancelled;
const addressKeys = ['name', 'line1', 'city', 'postalCode', 'country'] as const;

/**
 * Edits an order before picking (POST /orders/{id}/edits): shipping address, line quantities (0
 * removes the line), a variant swap per line, added lines. One submit = one new order version; the
 * server re-prices, re-sources and adjusts payments, or refuses (picking started, stale version, no
 * stock, declined payment) with a reason shown here.
 */
export function EditOrderModal({ order, version, onClose, onDone }: { order: Order; version: number; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const address = order.shippingAddress as Record<string, string | number | undefined>;
  const editable = order.lines.filter((l) => live(l) > 0);
  const form = useForm({
    initialValues: {
      address: Object.fromEntries(addressKeys.map((k) => [k, String(address[k] ?? '')])) as Record<(typeof addressKeys)[number], string>,
      lines: editable.map((l) => ({ lineId: l.id, quantity: live(l) as number | string, swapSku: '' })),
      added: [] as Array<{ sku: string; quantity: number | string }>,
      reason: '',
    },
  });
  // Filled per submit: the problem's operation paths → the form fields they came from.
  const fieldMap = useMemo<Record<string, string>>(() => ({}), []);
  const { run, busy } = useSubmit(form, fieldMap);
  const [key] = useState(newKey);
  const [refusal, setRefusal] = useState<string | null>(null);

  const submit = (v: typeof form.values) => {
    const ops: Operation[] = [];
    for (const k of Object.keys(fieldMap)) delete fieldMap[k];
    const changedAddress = addressKeys.some((k) => v.address[k] !== String(address[k] ?? ''));
    if (changedAddress) {
      const next: Record<string, unknown> = { ...(order.shippingAddress as Record<string, unknown>), ...v.address, country: v.address.country.trim().toUpperCase() };
      // Coordinates belonged to the old address: sourcing falls back to the postal area without them.
      delete next.latitude;
      delete next.longitude;
      for (const k of addressKeys) fieldMap[`operations.${ops.length}.address.${k}`] = `address.${k}`;
      ops.push({ op: 'set_shipping_address', address: next as Extract<Operation, { op: 'set_shipping_address' }>['address'] });
    }
    v.lines.forEach((l, i) => {
      const was = live(editable[i]!);
      const q = Number(l.quantity);
      if (l.swapSku.trim()) {
        if (q !== was && q > 0) {
          fieldMap[`operations.${ops.length}.quantity`] = `lines.${i}.quantity`;
          ops.push({ op: 'set_quantity', lineId: l.lineId, quantity: q });
        }
        fieldMap[`operations.${ops.length}.sku`] = `lines.${i}.swapSku`;
        fieldMap[`operations.${ops.length}.lineId`] = `lines.${i}.swapSku`;
        ops.push({ op: 'swap_variant', lineId: l.lineId, sku: l.swapSku.trim() });
      } else if (q === 0) {
        fieldMap[`operations.${ops.length}.lineId`] = `lines.${i}.quantity`;
        fieldMap[`operations.${ops.length}`] = `lines.${i}.quantity`;
        ops.push({ op: 'remove_line', lineId: l.lineId });
      } else if (q !== was) {
        fieldMap[`operations.${ops.length}.quantity`] = `lines.${i}.quantity`;
        fieldMap[`operations.${ops.length}`] = `lines.${i}.quantity`;
        ops.push({ op: 'set_quantity', lineId: l.lineId, quantity: q });
      }
    });
    v.added.forEach((a, i) => {
      if (!a.sku.trim()) return;
      fieldMap[`operations.${ops.length}.sku`] = `added.${i}.sku`;
      fieldMap[`operations.${ops.length}.quantity`] = `added.${i}.quantity`;
      fieldMap[`operations.${ops.length}`] = `added.${i}.quantity`;
      ops.push({ op: 'add_line', sku: a.sku.trim(), quantity: Number(a.quantity) });
    });
    if (ops.length === 0) {
      setRefusal(t('orders.edit.nothingChanged'));
      return;
    }
    setRefusal(null);
    return run(
      () =>
        unwrap(
          api.POST('/api/v1/orders/{id}/edits', {
            params: { path: { id: order.id }, header: { 'idempotency-key': key } },
            body: { expectedVersion: version, operations: ops, ...(v.reason.trim() ? { reason: v.reason.trim() } : {}) },
          }),
        ),
      (r) => {
        notifications.show({ color: 'teal', message: t('orders.edit.edited', { number: order.number, version: r.version }) });
        onDone();
        onClose();
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t('orders.edit.title', { number: order.number })} size="xl" centered>
      <form onSubmit={form.onSubmit(submit)} aria-label={t('orders.page.edit')}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('orders.edit.hint', { version })}
          </Text>
          {refusal && <Alert color="orange">{refusal}</Alert>}
          <Text fw={600} size="sm">
            {t('orders.sidebar.shippingAddress')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('orders.edit.name')} {...form.getInputProps('address.name')} />
            <TextInput label={t('orders.edit.street')} {...form.getInputProps('address.line1')} />
            <TextInput label={t('orders.edit.city')} {...form.getInputProps('address.city')} />
            <TextInput label={t('orders.edit.postalCode')} {...form.getInputProps('address.postalCode')} />
            <TextInput label={t('orders.edit.country')} maxLength={2} {...form.getInputProps('address.country')} />
          </SimpleGrid>
          <Text fw={600} size="sm">
            {t('returns.page.lines')}
          </Text>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fulfillment.scan.item')}</Table.Th>
                <Table.Th w={130}>{t('orders.edit.quantity')}</Table.Th>
                <Table.Th w={200}>{t('orders.edit.swap')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {editable.map((l, i) => (
                <Table.Tr key={l.id}>
                  <Table.Td>
                    <Text size="sm">{l.name}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {l.sku}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <NumberInput aria-label={t('orders.edit.quantityOf', { sku: l.sku })} min={0} allowDecimal={false} {...form.getInputProps(`lines.${i}.quantity`)} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput aria-label={t('orders.edit.swapOf', { sku: l.sku })} placeholder={t('orders.edit.swapPlaceholder')} {...form.getInputProps(`lines.${i}.swapSku`)} />
                  </Table.Td>
                </Table.Tr>
              ))}
              {form.values.added.map((_, i) => (
                <Table.Tr key={`added-${i}`}>
                  <Table.Td>
                    <TextInput aria-label={t('orders.edit.newSku', { n: i + 1 })} placeholder={t('inventory.sku')} {...form.getInputProps(`added.${i}.sku`)} />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput aria-label={t('orders.edit.newQuantity', { n: i + 1 })} min={1} allowDecimal={false} {...form.getInputProps(`added.${i}.quantity`)} />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="red" aria-label={t('orders.edit.removeNew', { n: i + 1 })} onClick={() => form.removeListItem('added', i)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('added', { sku: '', quantity: 1 })}>
              {t('orders.edit.addLine')}
            </Button>
          </Group>
          <Textarea label={t('orders.modals.reason')} placeholder={t('orders.edit.reasonPlaceholder')} autosize minRows={2} {...form.getInputProps('reason')} />
          <DialogActions onClose={onClose} busy={busy} label={t('orders.edit.save')} />
        </Stack>
      </form>
    </Modal>
  );
}

/** What an edit changed, one line each; `money` marks the lines only roles that see money get. */
function describeDiff(d: Diff): Array<{ text: string; money?: boolean }> {
  const t = i18n.t;
  const out: Array<{ text: string; money?: boolean }> = [];
  const say = (text: string, money = false) => out.push({ text, money });
  if (d.shippingAddress) say(t('orders.edit.diff.shipTo', { address: `${String(d.shippingAddress.to.line1 ?? '')}, ${String(d.shippingAddress.to.postalCode ?? '')} ${String(d.shippingAddress.to.city ?? '')}` }));
  for (const l of d.lines) {
    if (l.change === 'added') say(t('orders.edit.diff.added', { quantity: l.to, sku: l.sku }));
    else if (l.change === 'removed') say(t('orders.edit.diff.removed', { sku: l.sku, quantity: l.from }));
    else if (l.change === 'swapped') say(t('orders.edit.diff.swapped', { sku: l.sku, to: l.replacedBy?.sku ?? '?', quantity: l.to }));
    else say(`${l.sku}: ${l.from} → ${l.to}`);
  }
  say(t('orders.edit.diff.net', { from: formatMoney(d.totals.net.from), to: formatMoney(d.totals.net.to) }), true);
  if (d.payment?.authorized) say(t('orders.edit.diff.authorized', { amount: formatMoney(d.payment.authorized) }), true);
  if (d.payment?.voided) say(t('orders.edit.diff.voided', { amount: formatMoney(d.payment.voided) }), true);
  if (d.payment?.refunded) say(t('orders.edit.diff.refunded', { amount: formatMoney(d.payment.refunded) }), true);
  if (d.sourcing?.allocations.length) say(t('orders.edit.diff.resourced', { locations: [...new Set(d.sourcing.allocations.map((a) => a.locationCode))].join(', ') }));
  return out;
}

/** The order's versions with what each edit changed (GET /orders/{id}/versions); money lines only for roles that see money. */
export function OrderVersions({ versions, money }: { versions: Version[]; money: boolean }) {
  const { t } = useTranslation();
  if (versions.length < 2) return null;
  return (
    <Paper p="lg" data-testid="order-versions">
      <Text fw={650} mb="sm">
        {t('orders.edit.versions')}
      </Text>
      <Stack gap="sm">
        {[...versions].reverse().map((v) => (
          <Stack key={v.version} gap={2}>
            <Group gap="xs">
              <Badge variant="light" color={v.kind === 'placed' ? 'gray' : 'blue'}>
                v{v.version}
              </Badge>
              <Text size="sm" fw={600}>
                {t(`orders.edit.kind.${v.kind}`, { defaultValue: humanize(v.kind) })}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(v.createdAt)}
                {v.actor ? ` · ${v.actor}` : ''}
                {v.reason ? ` — “${v.reason}”` : ''}
              </Text>
            </Group>
            {v.diff &&
              describeDiff(v.diff)
                .filter((s) => money || !s.money)
                .map((s) => (
                  <Text key={s.text} size="sm" pl="md">
                    {s.text}
                  </Text>
                ))}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
