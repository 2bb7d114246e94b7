import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Anchor, Badge, Button, Grid, Group, Modal, Paper, Select, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconFileDownload, IconX } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { formatDateTime, formatMoney, humanize } from '../../lib/format';
import { returnLabel } from './return-badges';
import { ActorName } from '../../components/actor-name';
import { ReturnStatusBadge } from './return-badges';
import { useTranslation } from 'react-i18next';

type Return = Schemas['Return'];

/** One return: lines and totals, fraud signals, history; approve / reject, and the return label. */
export default function ReturnPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const ret = useQuery((signal) => unwrap(api.GET('/api/v1/returns/{id}', { signal, params: { path: { id } } })), [id]);
  const [dialog, setDialog] = useState<'reject' | 'label' | null>(null);
  const { run, busy } = useSubmit();
  const r = ret.data;
  const manage = can.manageOrders(user.role);
  const money = can.seeMoney(user.role);

  const back = (
    <Anchor component={Link} to="/returns" size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} /> {t('returns.list.title')}
      </Group>
    </Anchor>
  );
  if (ret.error && !r) {
    return (
      <Stack>
        {back}
        <Alert color="red" icon={<IconAlertTriangle />} title={ret.error.status === 404 ? t('returns.page.notFound') : ret.error.problem.title}>
          {ret.error.problem.detail}
        </Alert>
      </Stack>
    );
  }
  const approve = () => run(() => unwrap(api.POST('/api/v1/returns/{id}/approve', { params: { path: { id } }, body: {} })), ret.reload);

  return (
    <>
      <Stack gap={4} mb="lg">
        {back}
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={1} fz={26}>
                {r ? t('returns.page.title', { number: r.number }) : <Skeleton h={28} w={220} />}
              </Title>
              {r && <ReturnStatusBadge status={r.status} />}
              {r?.fraud.heldForReview && <Badge color="red" variant="light">{t('returns.page.heldForReview')}</Badge>}
            </Group>
            {r && (
              <Text size="sm" c="dimmed">
                {t('returns.page.forOrder')}{' '}
                <Anchor component={Link} to={`/orders/${r.orderId}`} size="sm">
                  {r.orderNumber}
                </Anchor>{' '}
                · {returnLabel('resolution', r.resolution)} · {t('returns.page.via', { source: returnLabel('source', r.source) })} · {t('returns.page.created', { date: formatDateTime(r.createdAt) })}
              </Text>
            )}
          </Stack>
          {r && manage && (
            <Group gap="sm">
              {r.status === 'requested' && (
                <>
                  <Button leftSection={<IconCheck size={16} />} loading={busy} disabled={r.fraud.heldForReview} onClick={() => void approve()}>
                    {t('returns.page.approve')}
                  </Button>
                  <Button color="red" variant="light" leftSection={<IconX size={16} />} onClick={() => setDialog('reject')}>
                    {t('fulfillment.order.reject')}
                  </Button>
                </>
              )}
              {r.status === 'approved' && !r.label && (
                <Button variant="default" onClick={() => setDialog('label')}>
                  {t('returns.page.issueLabel')}
                </Button>
              )}
            </Group>
          )}
        </Group>
      </Stack>

      {r && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="md">
              <Paper p="lg">
                <Text fw={650} mb="md">
                  {t('returns.page.lines')}
                </Text>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('inventory.sku')}</Table.Th>
                      <Table.Th>{t('returns.list.units')}</Table.Th>
                      <Table.Th>{t('inventory.movements.reason')}</Table.Th>
                      {money && <Table.Th>{t('returns.page.value')}</Table.Th>}
                      {money && <Table.Th>{t('returns.page.restockingFee')}</Table.Th>}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.lines.map((l) => (
                      <Table.Tr key={l.id}>
                        <Table.Td>{l.sku}{l.exchangeSku && l.exchangeSku !== l.sku ? ` → ${l.exchangeSku}` : ''}</Table.Td>
                        <Table.Td>{l.quantity}</Table.Td>
                        <Table.Td>{returnLabel('reason', l.reason)}</Table.Td>
                        {money && <Table.Td>{formatMoney(l.value)}</Table.Td>}
                        {money && <Table.Td>{formatMoney(l.restockingFee)}</Table.Td>}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {money && (
                  <Group justify="flex-end" gap="xl" mt="md">
                    <Text size="sm">{t('returns.page.valueAmount', { amount: formatMoney(r.totals.value) })}</Text>
                    <Text size="sm">{t('returns.page.fees', { amount: formatMoney(r.totals.restockingFee) })}</Text>
                    <Text size="sm" fw={650}>
                      {t('returns.page.refundDue', { amount: formatMoney(r.totals.refundDue) })}
                    </Text>
                  </Group>
                )}
              </Paper>
              <Paper p="lg">
                <Text fw={650} mb="md">
                  {t('returns.page.history')}
                </Text>
                <Stack gap="xs">
                  {r.history.map((h, i) => (
                    <Group key={i} gap={6} wrap="wrap">
                      <Text size="sm">
                        {h.from ? `${returnLabel('status', h.from)} → ` : ''}
                        {returnLabel('status', h.to)} · {formatDateTime(h.at)}
                        {h.reason ? ` — ${h.reason}` : ''}
                      </Text>
                      <ActorName id={h.actor} size="sm" />
                    </Group>
                  ))}
                </Stack>
              </Paper>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md">
              <Paper p="lg">
                <Text fw={650} mb="xs">
                  {t('returns.page.fraudCheck')}
                </Text>
                <Text size="sm">{t('returns.page.score', { score: r.fraud.score })}</Text>
                {r.fraud.signals.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('returns.page.noSignals')}
                  </Text>
                ) : (
                  r.fraud.signals.map((s) => (
                    <Text key={s.code} size="sm">
                      {humanize(s.code)} (+{s.points}): {s.reason}
                    </Text>
                  ))
                )}
              </Paper>
              <Paper p="lg">
                <Text fw={650} mb="xs">
                  {t('returns.page.returnLabel')}
                </Text>
                {r.label ? (
                  <Stack gap={4}>
                    <Text size="sm">
                      {r.label.carrier} · {r.label.trackingNumber} → {r.label.locationCode}
                    </Text>
                    <Anchor href={`/api/v1/returns/${r.id}/label.pdf`} target="_blank" size="sm">
                      <Group gap={4}>
                        <IconFileDownload size={14} /> {t('returns.page.labelPdf')}
                      </Group>
                    </Anchor>
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('returns.page.noLabel')}
                  </Text>
                )}
                <Text size="xs" c="dimmed" mt="xs">
                  {t('returns.page.paidBy', { party: returnLabel('paidBy', r.returnShippingPaidBy) })}
                </Text>
              </Paper>
            </Stack>
          </Grid.Col>
        </Grid>
      )}
      {r && dialog === 'reject' && <RejectModal ret={r} onClose={() => setDialog(null)} onDone={ret.reload} />}
      {r && dialog === 'label' && <LabelModal ret={r} onClose={() => setDialog(null)} onDone={ret.reload} />}
    </>
  );
}

function RejectModal({ ret, onClose, onDone }: { ret: Return; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { run, busy } = useSubmit();
  const submit = () =>
    run(() => unwrap(api.POST('/api/v1/returns/{id}/reject', { params: { path: { id: ret.id } }, body: { reason } })), () => {
      onClose();
      onDone();
    });
  return (
    <Modal opened onClose={onClose} title={t('fulfillment.order.rejectTitle', { number: ret.number })} centered>
      <Stack>
        <TextInput label={t('inventory.movements.reason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={busy} disabled={!reason.trim()} onClick={() => void submit()}>
            {t('returns.page.rejectReturn')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function LabelModal({ ret, onClose, onDone }: { ret: Return; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const locations = useQuery((signal) => unwrap(api.GET('/api/v1/locations', { signal })), []);
  const [locationCode, setLocationCode] = useState<string | null>(null);
  const [carrier, setCarrier] = useState('ordo-post');
  const { run, busy } = useSubmit();
  const submit = () =>
    run(() => unwrap(api.POST('/api/v1/returns/{id}/label', { params: { path: { id: ret.id } }, body: { carrier, locationCode: locationCode ?? '' } })), () => {
      onClose();
      onDone();
    });
  return (
    <Modal opened onClose={onClose} title={t('returns.page.labelFor', { number: ret.number })} centered>
      <Stack>
        <Select label={t('returns.page.returnTo')} required data={(locations.data?.items ?? []).map((l) => ({ value: l.code, label: `${l.code} · ${l.name}` }))} value={locationCode} onChange={setLocationCode} />
        <TextInput label={t('shipping.label.carrier')} required value={carrier} onChange={(e) => setCarrier(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} disabled={!locationCode || !carrier.trim()} onClick={() => void submit()}>
            {t('returns.page.issueLabel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
