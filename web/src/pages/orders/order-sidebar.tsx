import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { formatDateTime, humanize } from '../../lib/format';
import type { Order } from './types';

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper p="lg">
      <Text fw={650} mb="sm">
        {title}
      </Text>
      {children}
    </Paper>
  );
}

function Address({ a }: { a: Record<string, unknown> | null }) {
  if (!a) return <Text size="sm" c="dimmed">Same as shipping</Text>;
  const s = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  const lines = [s('name'), s('company'), s('line1'), s('line2'), [s('postalCode'), s('city')].filter(Boolean).join(' '), [s('region'), s('country')].filter(Boolean).join(', '), s('phone')].filter(Boolean);
  return (
    <Stack gap={0}>
      {lines.map((l, i) => (
        <Text key={i} size="sm">
          {l}
        </Text>
      ))}
    </Stack>
  );
}

const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <Group justify="space-between" wrap="nowrap" gap="md">
    <Text size="sm" c="dimmed">
      {label}
    </Text>
    <Text size="sm" ta="right">
      {children}
    </Text>
  </Group>
);

export function OrderSidebar({ order, pii }: { order: Order | undefined; pii: boolean }) {
  if (!order) return <Skeleton h={360} radius="md" />;
  const held = order.holds.filter((h) => h.releasedAt);
  return (
    <Stack gap="md">
      <Card title="Customer">
        <Stack gap={2}>
          {pii ? (
            <Anchor component={Link} to={`/customers/${order.customer.id}`} fw={600} size="sm">
              {order.customer.name}
            </Anchor>
          ) : (
            <Text fw={600} size="sm">
              {order.customer.name}
            </Text>
          )}
          {pii && order.customer.email && (
            <Text size="sm" c="dimmed">
              {order.customer.email}
            </Text>
          )}
        </Stack>
      </Card>
      <Card title="Shipping address">
        <Address a={order.shippingAddress} />
      </Card>
      {pii && (
        <Card title="Billing address">
          <Address a={order.billingAddress} />
        </Card>
      )}
      <Card title="Details">
        <Stack gap={6}>
          <Field label="Channel">{humanize(order.channel)}</Field>
          {order.externalId && <Field label="External id">{order.externalId}</Field>}
          <Field label="Delivery">{order.delivery.method === 'pickup' ? `Store pickup at ${order.delivery.locationCode}` : 'Ship'}</Field>
          <Field label="Stock policy">{order.inventoryPolicy === 'backorder' ? 'Backorder' : 'Reject'}</Field>
          <Field label="Updated">{formatDateTime(order.updatedAt)}</Field>
          {order.note && <Field label="Note">{order.note}</Field>}
        </Stack>
      </Card>
      {held.length > 0 && (
        <Card title="Released holds">
          <Stack gap="xs">
            {held.map((h) => (
              <Stack key={h.id} gap={0}>
                <Group gap={6}>
                  <Badge size="sm" variant="light" color="gray" tt="none">
                    {humanize(h.type)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(h.releasedAt)}
                  </Text>
                </Group>
                <Text size="sm">{h.reason}</Text>
                <Text size="xs" c="dimmed">
                  Released: {h.releaseReason}
                </Text>
              </Stack>
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
