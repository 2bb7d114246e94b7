import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconX } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { StatusBadge } from '../../components/status-badge';
import { useCursorPaging, useUrlFilters } from '../../components/url-state';
import { formatMoney, formatRelative } from '../../lib/format';
import { RiskReasons, ScoreBadge } from './risk-reasons';

type Review = Schemas['RiskReview'];
type Decision = { kind: 'release' | 'cancel'; review: Review } | null;

/** Orders on fraud hold: approve (release the hold, the order is sourced) or reject (cancel it). */
export default function ReviewsPage() {
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/risk/reviews', { signal, params: { query: { limit: 25, cursor: paging.cursor } } })), [paging.cursor], { refreshMs: 30_000 });
  const [decision, setDecision] = useState<Decision>(null);

  const columns: Column<Review>[] = [
    {
      key: 'order',
      header: 'Order',
      render: (r) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/orders/${r.orderId}`} fw={600} size="sm">{r.number}</Anchor>
          <StatusBadge status={r.status} />
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>held {formatRelative(r.heldAt)}</Text>
        </Stack>
      ),
    },
    { key: 'customer', header: 'Customer', render: (r) => <Stack gap={0}><Text size="sm">{r.customerName}</Text><Text size="xs" c="dimmed">{r.email}</Text></Stack> },
    { key: 'total', header: 'Total', align: 'right', render: (r) => formatMoney(r.total) },
    { key: 'score', header: 'Score', align: 'center', render: (r) => <ScoreBadge score={r.score} /> },
    { key: 'reasons', header: 'Reasons', render: (r) => (r.score === null ? <Text size="sm">{r.holdReason}</Text> : <RiskReasons reasons={r.reasons} />) },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (r) => (
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button size="compact-sm" color="teal" variant="light" leftSection={<IconCheck size={14} />} onClick={() => setDecision({ kind: 'release', review: r })} aria-label={`Release ${r.number}`}>
            Release
          </Button>
          <Button size="compact-sm" color="red" variant="subtle" leftSection={<IconX size={14} />} onClick={() => setDecision({ kind: 'cancel', review: r })} aria-label={`Cancel ${r.number}`}>
            Cancel
          </Button>
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="Fraud review" description="Orders held by the risk rules (or by hand). Release to ship them, cancel to refuse them." />
      <DataTable
        label="Orders waiting for fraud review"
        columns={columns}
        rows={list.data?.items}
        rowKey={(r) => r.holdId}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={{ title: 'Nothing to review', description: 'Orders that reach the risk threshold appear here.' }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
      {decision && <DecisionModal decision={decision} onClose={() => setDecision(null)} onDone={list.reload} />}
    </>
  );
}

function DecisionModal({ decision, onClose, onDone }: { decision: NonNullable<Decision>; onClose: () => void; onDone: () => void }) {
  const { kind, review } = decision;
  const form = useForm({ initialValues: { text: '' }, validate: { text: (v) => (v.trim() ? null : 'Is required') } });
  const { run, busy } = useSubmit(form, { note: 'text', reason: 'text' });
  const path = { params: { path: { orderId: review.orderId } } };
  const submit = (text: string) =>
    run(
      () =>
        kind === 'release'
          ? unwrap(api.POST('/api/v1/risk/reviews/{orderId}/release', { ...path, body: { note: text } }))
          : unwrap(api.POST('/api/v1/risk/reviews/{orderId}/cancel', { ...path, body: { reason: text } })),
      () => {
        notifications.show({ color: kind === 'release' ? 'teal' : 'red', message: kind === 'release' ? `${review.number} released` : `${review.number} cancelled` });
        onDone();
        onClose();
      },
    );
  return (
    <Modal opened onClose={onClose} title={kind === 'release' ? `Release ${review.number}` : `Cancel ${review.number}`} centered>
      <form onSubmit={form.onSubmit((v) => void submit(v.text))}>
        <Stack>
          <Text size="sm" c="dimmed">
            {kind === 'release' ? 'The fraud hold is released and the order is sourced and shipped as usual.' : 'The order is cancelled; nothing was reserved for it.'}
          </Text>
          <Textarea label={kind === 'release' ? 'Note' : 'Reason'} placeholder={kind === 'release' ? 'Verified with the customer by phone' : 'Confirmed fraud'} autosize minRows={2} data-autofocus {...form.getInputProps('text')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button type="submit" loading={busy} color={kind === 'release' ? 'teal' : 'red'}>{kind === 'release' ? 'Release order' : 'Cancel order'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
