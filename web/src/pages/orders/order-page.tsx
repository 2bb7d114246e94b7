import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Anchor, Button, Grid, Group, Menu, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconChevronDown, IconEdit, IconHandStop, IconArrowBackUp, IconX } from '@tabler/icons-react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { HoldBadge, StatusBadge } from '../../components/status-badge';
import { formatDateTime } from '../../lib/format';
import { channelLabel, holdTypeLabel } from './order-labels';
import { orderCancellable, type Hold, type Order, type OrderEvent, type OrderLine } from './types';
import { OrderLines } from './order-lines';
import { OrderTimeline } from './order-timeline';
import { OrderSidebar } from './order-sidebar';
import { OrderNotes } from './order-notes';
import { SourcingCard } from './sourcing-card';
import { CancelModal, PlaceHoldModal, ReleaseHoldModal } from './order-modals';
import { OrderRisk } from './order-risk';
import { OrderPayments } from './order-payments';
import { OrderPromise } from './order-promise';
import { EditOrderModal, OrderVersions } from './order-edit-dialog';
import { CreateReturnDialog } from '../returns/create-return-dialog';
import { useTranslation } from 'react-i18next';

type Dialog = { kind: 'edit' } | { kind: 'return' } | { kind: 'hold' } | { kind: 'release'; hold: Hold } | { kind: 'cancel'; line?: OrderLine } | null;

export default function OrderPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const manage = can.manageOrders(user.role);
  const order = useQuery((signal) => unwrap(api.GET('/api/v1/orders/{id}', { signal, params: { path: { id } } })) as Promise<Order>, [id]);
  const events = useQuery((signal) => unwrap(api.GET('/api/v1/orders/{id}/events', { signal, params: { path: { id } } })), [id]);
  // Versions carry money in their diffs: not fetched for roles that see none (warehouse).
  const versions = useQuery((signal) => unwrap(api.GET('/api/v1/orders/{id}/versions', { signal, params: { path: { id } } })), [id], { enabled: can.seeMoney(user.role) });
  const [dialog, setDialog] = useState<Dialog>(null);

  const refresh = () => {
    order.reload();
    events.reload();
    versions.reload();
  };

  const back = (
    <Anchor component={Link} to="/orders" size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} /> {t('orders.list.title')}
      </Group>
    </Anchor>
  );

  if (order.error && !order.data) {
    return (
      <Stack>
        {back}
        <Alert color="red" icon={<IconAlertTriangle />} title={order.error.status === 404 ? t('orders.page.notFound') : order.error.problem.title}>
          {order.error.problem.detail}
        </Alert>
      </Stack>
    );
  }
  const o = order.data;
  const activeHolds = o?.holds.filter((h) => !h.releasedAt) ?? [];
  const open = o && o.status !== 'cancelled' && o.status !== 'completed';
  const anyCancellable = !!o && orderCancellable(o);
  // Edits before picking: the server refuses with the reason once picking has started.
  // Returns: once anything was delivered (the dialog shows what is still returnable and why not).
  const returnable = manage && !!o && o.lines.some((l) => l.quantities.delivered > 0);
  const editable = !!o && ['placed', 'confirmed', 'processing'].includes(o.status) && !!versions.data;

  return (
    <>
      <Stack gap={4} mb="lg">
        {back}
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={1} fz={26}>
                {o ? t('orders.page.title', { number: o.number }) : <Skeleton h={28} w={220} />}
              </Title>
              {o && <StatusBadge status={o.status} />}
              {o && <HoldBadge count={activeHolds.length} />}
            </Group>
            <Text size="sm" c="dimmed">
              {o ? `${t('orders.page.placedVia', { date: formatDateTime(o.placedAt), channel: channelLabel(o.channel) })}${o.externalId ? ` · ${o.externalId}` : ''}` : ' '}
            </Text>
          </Stack>
          {(returnable || (manage && o && open)) && (
            <Group gap="sm">
              {returnable && (
                <Button variant="default" leftSection={<IconArrowBackUp size={16} />} onClick={() => setDialog({ kind: 'return' })}>
                  {t('orders.page.createReturn')}
                </Button>
              )}
              {editable && (
                <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setDialog({ kind: 'edit' })}>
                  {t('orders.page.edit')}
                </Button>
              )}
              {open && (
              <>
              <Button variant="default" leftSection={<IconHandStop size={16} />} onClick={() => setDialog({ kind: 'hold' })}>
                {t('orders.page.placeHold')}
              </Button>
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button color="red" variant="light" rightSection={<IconChevronDown size={14} />} disabled={!anyCancellable}>
                    {t('orders.page.cancel')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconX size={14} />} color="red" onClick={() => setDialog({ kind: 'cancel' })}>
                    {t('orders.page.cancelWhole')}
                  </Menu.Item>
                  <Menu.Label>{t('orders.page.cancelLineHint')}</Menu.Label>
                </Menu.Dropdown>
              </Menu>
              </>
              )}
            </Group>
          )}
        </Group>
      </Stack>

      {activeHolds.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconHandStop />} title={t('orders.page.onHold')} mb="md" styles={{ title: { color: 'var(--mantine-color-text)' } }}>
          <Stack gap="xs">
            {activeHolds.map((h) => (
              <Group key={h.id} justify="space-between" wrap="nowrap">
                <Text size="sm">
                  <b>{holdTypeLabel(h.type)}</b> — {h.reason}{' '}
                  <Text span c="dimmed" size="xs">
                    ({t('orders.page.holdPlaced', { date: formatDateTime(h.placedAt) })})
                  </Text>
                </Text>
                {manage && (
                  <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'release', hold: h })}>
                    {t('orders.page.release')}
                  </Button>
                )}
              </Group>
            ))}
          </Stack>
        </Alert>
      )}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <OrderLines order={o} money={can.seeMoney(user.role)} onCancelLine={manage && anyCancellable ? (line) => setDialog({ kind: 'cancel', line }) : undefined} />
            {o && can.seePayments(user.role) && <OrderPayments order={o} manage={can.managePayments(user.role)} onChange={refresh} />}
            {can.seeSourcing(user.role) && <SourcingCard orderId={id} canResource={can.manageSourcing(user.role) && !!open} onChanged={refresh} />}
            {versions.data && <OrderVersions versions={versions.data.items} money={can.seeMoney(user.role)} />}
            <Paper p="lg">
              <Text fw={650} mb="md">
                {t('orders.page.timeline')}
              </Text>
              <OrderTimeline events={events.data?.items as OrderEvent[] | undefined} loading={events.loading} error={events.error} />
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            {o && o.delivery.method !== 'pickup' && <OrderPromise orderId={id} version={o.updatedAt} />}
            <OrderSidebar order={o} pii={can.seeCustomers(user.role)} />
            {can.reviewRisk(user.role) && <OrderRisk orderId={id} version={o?.updatedAt} />}
            {user.role !== 'integration' && <OrderNotes orderId={id} />}
          </Stack>
        </Grid.Col>
      </Grid>

      {o && versions.data && dialog?.kind === 'edit' && <EditOrderModal order={o} version={versions.data.currentVersion} onClose={() => setDialog(null)} onDone={refresh} />}
      {o && dialog?.kind === 'return' && <CreateReturnDialog orderId={o.id} orderNumber={o.number} skuNames={Object.fromEntries(o.lines.map((l) => [l.sku, l.name]))} onClose={() => setDialog(null)} />}
      {o && dialog?.kind === 'hold' && <PlaceHoldModal order={o} onClose={() => setDialog(null)} onDone={refresh} />}
      {o && dialog?.kind === 'release' && <ReleaseHoldModal order={o} hold={dialog.hold} onClose={() => setDialog(null)} onDone={refresh} />}
      {o && dialog?.kind === 'cancel' && <CancelModal order={o} line={dialog.line} onClose={() => setDialog(null)} onDone={refresh} />}
    </>
  );
}
