import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Badge, Button, Grid, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowLeft, IconFileTypePdf, IconPlayerPlay } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/page-loader';
import { FulfillmentStatusBadge } from './fulfillment-status';
import { ScanStation } from './scan-station';
import { PackStation, WorkSteps } from './pack-station';
import { useTranslation } from 'react-i18next';

type FO = Schemas['FulfillmentOrder'];

/** One fulfillment order as a station: start, scan (pick), work steps, pack, hand off / pickup. */
export default function FulfillmentOrderPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const q = useQuery((signal) => unwrap(api.GET('/api/v1/fulfillment-orders/{id}', { signal, params: { path: { id } } })), [id]);
  const [fo, setFo] = useState<FO | undefined>();
  const [rejecting, setRejecting] = useState(false);
  const { run, busy } = useSubmit();
  useEffect(() => setFo(q.data), [q.data]);
  if (!fo) return q.error ? <Text c="red">{q.error.problem.detail}</Text> : <PageLoader />;
  const write = can.fulfil(user.role);
  const rejectable = ['open', 'picking', 'picked', 'packing'].includes(fo.status);

  return (
    <>
      <PageHeader
        above={<Anchor component={Link} to="/fulfillment" size="sm"><Group gap={4}><IconArrowLeft size={14} /> {t('nav.fulfillment')}</Group></Anchor>}
        title={<Group gap="sm">{fo.number} <FulfillmentStatusBadge status={fo.status} /></Group>}
        description={
          <>
            {t('fulfillment.order.order')} <Anchor component={Link} to={`/orders/${fo.orderId}`}>{fo.orderNumber}</Anchor> ({t(`status.${fo.orderStatus}`, { defaultValue: fo.orderStatus.replace('_', ' ') })}) · {fo.locationCode} ·{' '}
            {fo.type === 'pickup' ? t('fulfillment.order.storePickup') : t('fulfillment.order.shipTo', { name: fo.shipTo.name ?? '', city: fo.shipTo.city })}
            {fo.pickListId && <> · <Anchor component={Link} to={`/pick-lists/${fo.pickListId}`}>{t('fulfillment.order.wave')}</Anchor></>}
          </>
        }
        actions={
          <>
            <Button component="a" href={`/api/v1/fulfillment-orders/${fo.id}/pick-list.pdf`} target="_blank" variant="default" leftSection={<IconFileTypePdf size={16} />}>
              {t('fulfillment.scan.pickList')}
            </Button>
            {write && rejectable && <Button variant="subtle" color="red" onClick={() => setRejecting(true)}>{t('fulfillment.order.reject')}</Button>}
          </>
        }
      />
      {fo.status === 'open' && write && (
        <Button size="xl" mb="md" fullWidth leftSection={<IconPlayerPlay />} loading={busy} onClick={() => run(() => unwrap(api.POST('/api/v1/fulfillment-orders/{id}/start-picking', { params: { path: { id: fo.id } } })), setFo)}>
          {t('fulfillment.order.startPicking')}
        </Button>
      )}
      {fo.rejectionReason && <Badge color="red" size="lg" mb="md" tt="none">{t('fulfillment.order.rejected', { reason: fo.rejectionReason })}</Badge>}
      {fo.cancellationReason && <Badge color="gray" size="lg" mb="md" tt="none">{t('fulfillment.order.cancelled', { reason: fo.cancellationReason })}</Badge>}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <ScanStation fo={fo} onChange={setFo} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <WorkSteps fo={fo} onChange={setFo} />
            <PackStation fo={fo} onChange={setFo} canWrite={write} />
          </Stack>
        </Grid.Col>
      </Grid>
      {rejecting && <RejectModal fo={fo} onClose={() => setRejecting(false)} onDone={setFo} />}
    </>
  );
}

function RejectModal({ fo, onClose, onDone }: { fo: FO; onClose: () => void; onDone: (fo: FO) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { run, busy } = useSubmit();
  return (
    <Modal opened onClose={onClose} title={t('fulfillment.order.rejectTitle', { number: fo.number })} centered>
      <Stack>
        <Text size="sm">{t('fulfillment.order.rejectHint')}</Text>
        <TextInput label={t('inventory.movements.reason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color="red" loading={busy} disabled={!reason.trim()} onClick={() => run(() => unwrap(api.POST('/api/v1/fulfillment-orders/{id}/reject', { params: { path: { id: fo.id } }, body: { reason } })), (f) => { onDone(f); onClose(); })}>
            {t('fulfillment.order.reject')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
