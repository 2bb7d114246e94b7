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
import { ActorName } from '../../components/actor-name';
import { ReturnStatusBadge } from './return-badges';

type Return = Schemas['Return'];

/** One return: lines and totals, fraud signals, history; approve / reject, and the return label. */
export default function ReturnPage() {
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
        <IconArrowLeft size={14} /> Returns
      </Group>
    </Anchor>
  );
  if (ret.error && !r) {
    return (
      <Stack>
        {back}
        <Alert color="red" icon={<IconAlertTriangle />} title={ret.error.status === 404 ? 'Return not found' : ret.error.problem.title}>
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
                {r ? `Return ${r.number}` : <Skeleton h={28} w={220} />}
              </Title>
              {r && <ReturnStatusBadge status={r.status} />}
              {r?.fraud.heldForReview && <Badge color="red" variant="light">Held for fraud review</Badge>}
            </Group>
            {r && (
              <Text size="sm" c="dimmed">
                For order{' '}
                <Anchor component={Link} to={`/orders/${r.orderId}`} size="sm">
                  {r.orderNumber}
                </Anchor>{' '}
                · {humanize(r.resolution)} · via {humanize(r.source)} · created {formatDateTime(r.createdAt)}
              </Text>
            )}
          </Stack>
          {r && manage && (
            <Group gap="sm">
              {r.status === 'requested' && (
                <>
                  <Button leftSection={<IconCheck size={16} />} loading={busy} disabled={r.fraud.heldForReview} onClick={() => void approve()}>
                    Approve
                  </Button>
                  <Button color="red" variant="light" leftSection={<IconX size={16} />} onClick={() => setDialog('reject')}>
                    Reject
                  </Button>
                </>
              )}
              {r.status === 'approved' && !r.label && (
                <Button variant="default" onClick={() => setDialog('label')}>
                  Issue label
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
                  Lines
                </Text>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>SKU</Table.Th>
                      <Table.Th>Units</Table.Th>
                      <Table.Th>Reason</Table.Th>
                      {money && <Table.Th>Value</Table.Th>}
                      {money && <Table.Th>Restocking fee</Table.Th>}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.lines.map((l) => (
                      <Table.Tr key={l.id}>
                        <Table.Td>{l.sku}{l.exchangeSku && l.exchangeSku !== l.sku ? ` → ${l.exchangeSku}` : ''}</Table.Td>
                        <Table.Td>{l.quantity}</Table.Td>
                        <Table.Td>{humanize(l.reason)}</Table.Td>
                        {money && <Table.Td>{formatMoney(l.value)}</Table.Td>}
                        {money && <Table.Td>{formatMoney(l.restockingFee)}</Table.Td>}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {money && (
                  <Group justify="flex-end" gap="xl" mt="md">
                    <Text size="sm">Value {formatMoney(r.totals.value)}</Text>
                    <Text size="sm">Fees {formatMoney(r.totals.restockingFee)}</Text>
                    <Text size="sm" fw={650}>
                      Refund due {formatMoney(r.totals.refundDue)}
                    </Text>
                  </Group>
                )}
              </Paper>
              <Paper p="lg">
                <Text fw={650} mb="md">
                  History
                </Text>
                <Stack gap="xs">
                  {r.history.map((h, i) => (
                    <Group key={i} gap={6} wrap="wrap">
                      <Text size="sm">
                        {h.from ? `${humanize(h.from)} → ` : ''}
                        {humanize(h.to)} · {formatDateTime(h.at)}
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
                  Fraud check
                </Text>
                <Text size="sm">Score {r.fraud.score}</Text>
                {r.fraud.signals.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No signals.
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
                  Return label
                </Text>
                {r.label ? (
                  <Stack gap={4}>
                    <Text size="sm">
                      {r.label.carrier} · {r.label.trackingNumber} → {r.label.locationCode}
                    </Text>
                    <Anchor href={`/api/v1/returns/${r.id}/label.pdf`} target="_blank" size="sm">
                      <Group gap={4}>
                        <IconFileDownload size={14} /> Label PDF
                      </Group>
                    </Anchor>
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    No label issued.
                  </Text>
                )}
                <Text size="xs" c="dimmed" mt="xs">
                  Return shipping paid by {r.returnShippingPaidBy}.
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
  const [reason, setReason] = useState('');
  const { run, busy } = useSubmit();
  const submit = () =>
    run(() => unwrap(api.POST('/api/v1/returns/{id}/reject', { params: { path: { id: ret.id } }, body: { reason } })), () => {
      onClose();
      onDone();
    });
  return (
    <Modal opened onClose={onClose} title={`Reject ${ret.number}`} centered>
      <Stack>
        <TextInput label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={busy} disabled={!reason.trim()} onClick={() => void submit()}>
            Reject return
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function LabelModal({ ret, onClose, onDone }: { ret: Return; onClose: () => void; onDone: () => void }) {
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
    <Modal opened onClose={onClose} title={`Return label for ${ret.number}`} centered>
      <Stack>
        <Select label="Return to" required data={(locations.data?.items ?? []).map((l) => ({ value: l.code, label: `${l.code} · ${l.name}` }))} value={locationCode} onChange={setLocationCode} />
        <TextInput label="Carrier" required value={carrier} onChange={(e) => setCarrier(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={busy} disabled={!locationCode || !carrier.trim()} onClick={() => void submit()}>
            Issue label
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
