import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Badge, Button, Grid, Group, Modal, Paper, Stack, Table, Text, TextInput, Timeline, Title } from '@mantine/core';
import { IconArrowLeft, IconBan, IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/page-loader';
import { formatMoney, humanize, formatDateTime } from '../../lib/format';
import { ShipmentStatusBadge } from './shipment-status';
import { useTranslation } from 'react-i18next';
import { shipmentStatusLabel } from './shipment-status';

type Shipment = Schemas['Shipment'];

/** One shipment: parcels and label reprint (PDF/ZPL), void, the carrier timeline and the rate comparison. */
export default function ShipmentPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const q = useQuery((signal) => unwrap(api.GET('/api/v1/shipments/{id}', { signal, params: { path: { id } } })), [id]);
  const [s, setS] = useState<Shipment | undefined>();
  const [voiding, setVoiding] = useState(false);
  useEffect(() => setS(q.data), [q.data]);
  if (!s) return q.error ? <Text c="red">{q.error.problem.detail}</Text> : <PageLoader />;
  const label = s.labelSource === 'ordo';
  return (
    <>
      <PageHeader
        above={<Anchor component={Link} to="/shipments" size="sm"><Group gap={4}><IconArrowLeft size={14} /> {t('nav.shipments')}</Group></Anchor>}
        title={<Group gap="sm">{s.number} <ShipmentStatusBadge status={s.status} /></Group>}
        description={
          <>
            {t('fulfillment.order.order')} <Anchor component={Link} to={`/orders/${s.orderId}`}>{s.orderNumber}</Anchor> · <Anchor component={Link} to={`/fulfillment/${s.fulfillmentOrderId}`}>{s.fulfillmentNumber}</Anchor> · {s.locationCode} · {s.carrier} {s.service}
            {s.labelSource === 'external' && ' · label bought outside Ordo'}
          </>
        }
        actions={
          <>
            {label && (
              <>
                <Button component="a" href={`/api/v1/shipments/${s.id}/label.pdf`} target="_blank" leftSection={<IconPrinter size={16} />} data-testid="label-pdf">{t('shipping.shipment.labelPdf')}</Button>
                <Button component="a" href={`/api/v1/shipments/${s.id}/label.zpl`} variant="default" data-testid="label-zpl">{t('shipping.shipment.zpl')}</Button>
              </>
            )}
            {s.hasCommercialInvoice && <Button component="a" href={`/api/v1/shipments/${s.id}/commercial-invoice.pdf`} target="_blank" variant="default" leftSection={<IconFileTypePdf size={16} />}>{t('shipping.shipment.commercialInvoice')}</Button>}
            {s.status === 'label_purchased' && can.fulfil(user.role) && <Button variant="subtle" color="red" leftSection={<IconBan size={16} />} onClick={() => setVoiding(true)}>{t('shipping.shipment.void')}</Button>}
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <Paper p="md">
              <Title order={4} mb="xs">{t('shipping.shipment.parcels')}</Title>
              <Table>
                <Table.Thead><Table.Tr><Table.Th>#</Table.Th><Table.Th>{t('shipping.shipment.trackingNumber')}</Table.Th><Table.Th>{t('shipping.shipment.weight')}</Table.Th><Table.Th>{t('shipping.shipment.sizeMm')}</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {s.parcels.map((p) => (
                    <Table.Tr key={p.seq}>
                      <Table.Td>{p.seq}</Table.Td>
                      <Table.Td ff="monospace" data-testid="tracking-number">{p.trackingNumber}</Table.Td>
                      <Table.Td>{(p.weightGrams / 1000).toFixed(2)} kg</Table.Td>
                      <Table.Td>{p.dimensionsMm.length}×{p.dimensionsMm.width}×{p.dimensionsMm.height}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
            {s.alternatives.length > 0 && (
              <Paper p="md">
                <Title order={4} mb="xs">{t('shipping.shipment.rateComparison')}</Title>
                {s.rateReason && <Text size="sm" c="dimmed" mb="xs">{s.rateReason}{s.promisedDate ? ` · promised ${s.promisedDate}` : ''}</Text>}
                <Table>
                  <Table.Thead><Table.Tr><Table.Th>{t('shipping.shipment.service')}</Table.Th><Table.Th>{t('shipping.shipment.level')}</Table.Th><Table.Th>{t('shipping.shipment.price')}</Table.Th><Table.Th>{t('shipping.shipment.delivery')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {s.alternatives.map((a) => {
                      const chosen = s.chosen?.carrier === a.carrier && s.chosen?.service === a.service;
                      return (
                        <Table.Tr key={`${a.carrier}/${a.service}`} fw={chosen ? 700 : undefined}>
                          <Table.Td>{a.carrier} · {a.service}</Table.Td>
                          <Table.Td>{a.level}</Table.Td>
                          <Table.Td>{formatMoney(a.total)}</Table.Td>
                          <Table.Td>{a.deliveryDate}{!a.meetsPromise && <Badge ml="xs" color="orange" size="xs">{t('shipping.late')}</Badge>}</Table.Td>
                          <Table.Td>{chosen && <Badge color="green" size="sm">{t('shipping.chosen')}</Badge>}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Paper>
            )}
            {s.customs && (
              <Paper p="md">
                <Title order={4} mb="xs">Customs ({s.customs.form}, {s.customs.incoterm})</Title>
                <Text size="sm">Value {formatMoney(s.customs.totalValue)} · duty {formatMoney(s.customs.duty)} · VAT {formatMoney(s.customs.vat)}</Text>
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper p="md">
            <Title order={4} mb="xs">{t('shipping.shipment.tracking')}</Title>
            <Text size="sm" mb="sm">{t('shipping.estimated', { date: s.estimatedDelivery ?? '—' })}{s.proofOfDelivery && ` · ${t('shipping.delivered')}${s.proofOfDelivery.signedBy ? `, ${t('shipping.signedBy', { name: s.proofOfDelivery.signedBy })}` : ''}`}</Text>
            {s.timeline.length === 0 ? (
              <Text size="sm" c="dimmed">{t('shipping.shipment.noCarrierScansYet')}</Text>
            ) : (
              <Timeline active={s.timeline.length - 1} bulletSize={14}>
                {[...s.timeline].reverse().map((e, i) => (
                  <Timeline.Item key={i} title={shipmentStatusLabel(e.status)}>
                    <Text size="sm">{e.message}</Text>
                    <Text size="xs" c="dimmed">{formatDateTime(e.at)}{e.location ? ` · ${e.location}` : ''}</Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      {voiding && <VoidModal s={s} onClose={() => setVoiding(false)} onDone={setS} />}
    </>
  );
}

function VoidModal({ s, onClose, onDone }: { s: Shipment; onClose: () => void; onDone: (s: Shipment) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { run, busy } = useSubmit();
  return (
    <Modal opened onClose={onClose} title={`Void ${s.number}`} centered>
      <Stack>
        <Text size="sm">{t('shipping.shipment.theLabelCanNo')}</Text>
        <TextInput label={t('shipping.shipment.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('shipping.shipment.cancel')}</Button>
          <Button color="red" loading={busy} onClick={() => run(() => unwrap(api.POST('/api/v1/shipments/{id}/void', { params: { path: { id: s.id } }, body: reason.trim() ? { reason } : {} })), (x) => { onDone(x); onClose(); })}>{t('shipping.shipment.voidLabel')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
