import { Badge, Button, Divider, Group, Paper, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { formatMoney } from '../../lib/format';
import { cancellable, type Order, type OrderAdjustmentTotals, type OrderLine } from './types';

const buckets: Array<{ key: keyof OrderLine['quantities']; label: string; color: string }> = [
  { key: 'pending', label: 'awaiting sourcing', color: 'gray' },
  { key: 'allocated', label: 'allocated', color: 'blue' },
  { key: 'backordered', label: 'backordered', color: 'orange' },
  { key: 'shipped', label: 'shipped', color: 'teal' },
  { key: 'delivered', label: 'delivered', color: 'green' },
  { key: 'returned', label: 'returned', color: 'grape' },
  { key: 'cancelled', label: 'cancelled', color: 'red' },
];

function Buckets({ line }: { line: OrderLine }) {
  const shown = buckets.filter((b) => line.quantities[b.key] > 0);
  return (
    <Group gap={4} wrap="wrap">
      {shown.map((b) => (
        <Badge key={b.key} size="sm" variant="light" color={b.color} radius="sm" tt="none" fw={600}>
          {line.quantities[b.key]} {b.label}
        </Badge>
      ))}
    </Group>
  );
}

export function OrderLines({ order, money, onCancelLine }: { order: Order | undefined; money: boolean; onCancelLine?: ((l: OrderLine) => void) | undefined }) {
  const t = order?.totals as (NonNullable<Order['totals']> & Partial<OrderAdjustmentTotals>) | null | undefined;
  const adjusted = !!t?.net && (t.cancelled!.amount > 0 || t.returned!.amount > 0 || t.refunded!.amount > 0);
  return (
    <Paper p={0} style={{ overflow: 'hidden' }}>
      <Group justify="space-between" px="lg" pt="lg" pb="sm">
        <Text fw={650}>Items</Text>
        {order && (
          <Text size="sm" c="dimmed">
            {order.lines.reduce((n, l) => n + l.quantities.ordered, 0)} units · {order.lines.length} lines
          </Text>
        )}
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table aria-label="Order lines" verticalSpacing="sm" horizontalSpacing="lg">
          <Table.Thead bg="light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-6))">
            <Table.Tr>
              <Table.Th fz="xs" c="dimmed" tt="uppercase">Product</Table.Th>
              <Table.Th fz="xs" c="dimmed" tt="uppercase" ta="right">Qty</Table.Th>
              <Table.Th fz="xs" c="dimmed" tt="uppercase">Status of units</Table.Th>
              {money && <Table.Th fz="xs" c="dimmed" tt="uppercase" ta="right">Unit price</Table.Th>}
              {money && <Table.Th fz="xs" c="dimmed" tt="uppercase" ta="right">Total</Table.Th>}
              {onCancelLine && <Table.Th><span className="visually-hidden">Actions</span></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {!order &&
              [0, 1].map((i) => (
                <Table.Tr key={i}>
                  <Table.Td colSpan={6}>
                    <Skeleton h={18} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {order?.lines.map((l) => (
              <Table.Tr key={l.id} data-testid={`line-${l.sku}`}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {l.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    <span className="mono">{l.sku}</span>
                    {l.allocations.length ? ` · from ${l.allocations.map((a) => (l.allocations.length > 1 ? `${a.locationCode} (${a.quantity})` : a.locationCode)).join(', ')}` : ''}
                  </Text>
                  {Object.entries(l.customization).map(([k, v]) => (
                    <Text key={k} size="xs" c="dimmed">
                      {k}: {v}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td className="num">
                  <Text size="sm" fw={600}>
                    {l.quantities.ordered}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Buckets line={l} />
                </Table.Td>
                {money && <Table.Td className="num">{formatMoney(l.unitPrice)}</Table.Td>}
                {money && (
                  <Table.Td className="num" fw={600}>
                    {formatMoney(l.lineTotal)}
                  </Table.Td>
                )}
                {onCancelLine && (
                  <Table.Td ta="right">
                    <Tooltip label="Nothing left to cancel" disabled={cancellable(l) > 0}>
                      <Button size="compact-xs" variant="subtle" color="red" disabled={cancellable(l) === 0} onClick={() => onCancelLine(l)} aria-label={`Cancel units of ${l.sku}`}>
                        Cancel
                      </Button>
                    </Tooltip>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {money && t && (
        <Stack gap={6} px="lg" py="md" ml="auto" maw={320} aria-label="Order totals">
          <Row label="Subtotal" value={formatMoney(t.subtotal)} />
          <Row label="Shipping" value={formatMoney(t.shipping)} />
          {t.discount.amount > 0 && <Row label="Discount" value={`−${formatMoney(t.discount)}`} />}
          <Row label="Tax" value={formatMoney(t.tax)} />
          <Divider />
          <Row label="Total" value={formatMoney(t.total)} strong />
          {adjusted && (
            <>
              {t.cancelled!.amount > 0 && <Row label="Cancelled" value={`−${formatMoney(t.cancelled!)}`} testId="order-cancelled" />}
              {t.returned!.amount > 0 && <Row label="Returned" value={`−${formatMoney(t.returned!)}`} testId="order-returned" />}
              <Divider />
              <Row label="Net total" value={formatMoney(t.net!)} strong testId="order-net-total" />
              {t.refunded!.amount > 0 && <Row label="Refunded" value={formatMoney(t.refunded!)} testId="order-refunded" />}
            </>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function Row({ label, value, strong, testId }: { label: string; value: string; strong?: boolean; testId?: string }) {
  return (
    <Group justify="space-between">
      <Text size="sm" c={strong ? undefined : 'dimmed'} fw={strong ? 700 : undefined}>
        {label}
      </Text>
      <Text size="sm" className="num" fw={strong ? 700 : 500} data-testid={testId ?? (strong ? 'order-total' : undefined)}>
        {value}
      </Text>
    </Group>
  );
}
