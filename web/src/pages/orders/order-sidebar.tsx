import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../lib/format';
import { channelLabel, holdTypeLabel } from './order-labels';
import type { Order } from './types';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

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
  if (!a) return <Text size="sm" c="dimmed">{i18n.t('orders.sidebar.sameAsShipping')}</Text>;
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
  const { t } = useTranslation();
  if (!order) return <Skeleton h={360} radius="md" />;
  const held = order.holds.filter((h) => h.releasedAt);
  return (
    <Stack gap="md">
      <Card title={t('orders.sidebar.customer')}>
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
      <Card title={t('orders.sidebar.shippingAddress')}>
        <Address a={order.shippingAddress} />
      </Card>
      {pii && (
        <Card title={t('orders.sidebar.billingAddress')}>
          <Address a={order.billingAddress} />
        </Card>
      )}
      <Card title={t('orders.sidebar.details')}>
        <Stack gap={6}>
          <Field label={t('orders.sidebar.channel')}>{channelLabel(order.channel)}</Field>
          {order.externalId && <Field label={t('orders.sidebar.externalId')}>{order.externalId}</Field>}
          <Field label={t('orders.sidebar.delivery')}>{order.delivery.method === 'pickup' ? t('orders.sidebar.pickupAt', { location: order.delivery.locationCode }) : t('orders.sidebar.ship')}</Field>
          <Field label={t('orders.sidebar.stockPolicy')}>{order.inventoryPolicy === 'backorder' ? t('orders.sidebar.backorder') : t('orders.sidebar.reject')}</Field>
          <Field label={t('orders.sidebar.updated')}>{formatDateTime(order.updatedAt)}</Field>
          {order.note && <Field label={t('orders.sidebar.note')}>{order.note}</Field>}
        </Stack>
      </Card>
      {held.length > 0 && (
        <Card title={t('orders.sidebar.releasedHolds')}>
          <Stack gap="xs">
            {held.map((h) => (
              <Stack key={h.id} gap={0}>
                <Group gap={6}>
                  <Badge size="sm" variant="light" color="gray" tt="none">
                    {holdTypeLabel(h.type)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(h.releasedAt)}
                  </Text>
                </Group>
                <Text size="sm">{h.reason}</Text>
                <Text size="xs" c="dimmed">
                  {t('orders.sidebar.released', { reason: h.releaseReason })}
                </Text>
              </Stack>
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
