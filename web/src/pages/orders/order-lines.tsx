import { Badge, Button, Divider, Group, Paper, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { formatMoney } from '../../lib/format';
import { cancellable, type Order, type OrderAdjustmentTotals, type OrderLine } from './types';
import { useTranslation } from 'react-i18next';

const buckets: Array<{ key: keyof OrderLine['quantities']; color: string }> = [
  { key: 'pending', color: 'gray' },
  { key: 'allocated', color: 'blue' },
  { key: 'backordered', color: 'orange' },
  { key: 'shipped', color: 'teal' },
  { key: 'delivered', color: 'green' },
  { key: 'returned', color: 'grape' },
  { key: 'cancelled', color: 'red' },
];

function Buckets({ line }: { line: OrderLine }) {
  const { t } = useTranslation();
  const shown = buckets.filter((b) => line.quantities[b.key] > 0);
  return (
    <Group gap={4} wrap="wrap">
      {shown.map((b) => (
        <Badge key={b.key} size="sm" variant="light" color={b.color} radius="sm" tt="none" fw={600}>
          {t(`orders.lines.bucket.${b.key}`, { count: line.quantities[b.key] })}
        </Badge>
      ))}
    </Group>
  );
}

export function OrderLines({ order, money, onCancelLine }: { order: Order | undefined; money: boolean; onCancelLine?: ((l: OrderLine) => void) | undefined }) {
  const { t: tr } = useTranslation();
  const t = order?.totals as (NonNullable<Order['totals']> & Partial<OrderAdjustmentTotals>) | null | undefined;
  const adjusted = !!t?.net && (t.cancelled!.amount > 0 || t.returned!.amount > 0 || t.refunded!.amount > 0);
  return (
    <Paper p={0} style={{ overflow: 'hidden' }}>
      <Group justify="space-between" px="lg" pt="lg" pb="sm">
        <Text fw={650}>{tr('orders.lines.title')}</Text>
        {order && (
          <Text size="sm" c="dimmed">
            {tr('orders.lines.units', { count: order.lines.reduce((n, l) => n + l.quantities.ordered, 0) })} · {tr('orders.lines.lines', { count: order.lines.length })}
          </Text>
        )}
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table aria-label={tr('orders.lines.label')} verticalSpacing="sm" horizontalSpacing="lg">
          <Table.Thead bg="light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-6))">
            <Table.Tr>
              <Table.Th fz="xs" c="dimmed" tt="uppercase">{tr('orders.lines.product')}</Table.Th>
              <Table.Th fz="xs" c="dimmed" tt="uppercase" ta="right">{tr('orders.lines.qty')}</Table.Th>
              <Table.Th fz="xs" c="dimmed" tt="uppercase">{tr('orders.lines.unitStatus')}</Table.Th>
              {money && <Table.Th fz="xs" c="dimmed" tt="uppercase" ta="right">{tr('orders.lines.unitPrice')}</Table.Th>}
              {money && <Table.Th fz="xs" c="dimmed" tt="uppercase" ta="right">{tr('orders.lines.total')}</Table.Th>}
              {onCancelLine && <Table.Th><span className="visually-hidden">{tr('common.actions')}</span></Table.Th>}
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
                    {l.allocations.length ? ` · ${tr('orders.lines.from')} ${l.allocations.map((a) => (l.allocations.length > 1 ? `${a.locationCode} (${a.quantity})` : a.locationCode)).join(', ')}` : ''}
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
                    <Tooltip label={tr('orders.lines.nothingToCancel')} disabled={cancellable(l) > 0}>
                      <Button size="compact-xs" variant="subtle" color="red" disabled={cancellable(l) === 0} onClick={() => onCancelLine(l)} aria-label={tr('orders.lines.cancelUnits', { sku: l.sku })}>
                        {tr('orders.page.cancel')}
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
        <Stack gap={6} px="lg" py="md" ml="auto" maw={320} aria-label={tr('orders.lines.totals')}>
          <Row label={tr('orders.lines.subtotal')} value={formatMoney(t.subtotal)} />
          <Row label={tr('orders.lines.shipping')} value={formatMoney(t.shipping)} />
          {t.discount.amount > 0 && <Row label={tr('orders.lines.discount')} value={`−${formatMoney(t.discount)}`} />}
          <Row label={tr('orders.lines.tax')} value={formatMoney(t.tax)} />
          <Divider />
          <Row label={tr('orders.lines.total')} value={formatMoney(t.total)} strong />
          {adjusted && (
            <>
              {t.cancelled!.amount > 0 && <Row label={tr('orders.lines.cancelled')} value={`−${formatMoney(t.cancelled!)}`} testId="order-cancelled" />}
              {t.returned!.amount > 0 && <Row label={tr('orders.lines.returned')} value={`−${formatMoney(t.returned!)}`} testId="order-returned" />}
              <Divider />
              <Row label={tr('orders.lines.netTotal')} value={formatMoney(t.net!)} strong testId="order-net-total" />
              {t.refunded!.amount > 0 && <Row label={tr('orders.lines.refunded')} value={formatMoney(t.refunded!)} testId="order-refunded" />}
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
