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
import { useTranslation } from 'react-i18next';

type Review = Schemas['RiskReview'];
type Decision = { kind: 'release' | 'cancel'; review: Review } | null;

/** Orders on fraud hold: approve (release the hold, the order is sourced) or reject (cancel it). */
export default function ReviewsPage() {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/risk/reviews', { signal, params: { query: { limit: 25, cursor: paging.cursor } } })), [paging.cursor], { refreshMs: 30_000 });
  const [decision, setDecision] = useState<Decision>(null);

  const columns: Column<Review>[] = [
    {
      key: 'order',
      header: t('risk.reviews.order'),
      render: (r) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/orders/${r.orderId}`} fw={600} size="sm">{r.number}</Anchor>
          <StatusBadge status={r.status} />
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>held {formatRelative(r.heldAt)}</Text>
        </Stack>
      ),
    },
    { key: 'customer', header: t('risk.reviews.customer'), render: (r) => <Stack gap={0}><Text size="sm">{r.customerName}</Text><Text size="xs" c="dimmed">{r.email}</Text></Stack> },
    { key: 'total', header: t('risk.reviews.total'), align: 'right', render: (r) => formatMoney(r.total) },
    { key: 'score', header: t('risk.reviews.score'), align: 'center', render: (r) => <ScoreBadge score={r.score} /> },
    { key: 'reasons', header: t('risk.reviews.reasons'), render: (r) => (r.score === null ? <Text size="sm">{r.holdReason}</Text> : <RiskReasons reasons={r.reasons} />) },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (r) => (
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button size="compact-sm" color="teal" variant="light" leftSection={<IconCheck size={14} />} onClick={() => setDecision({ kind: 'release', review: r })} aria-label={`Release ${r.number}`}>
            {t('risk.reviews.release')}
          </Button>
          <Button size="compact-sm" color="red" variant="subtle" leftSection={<IconX size={14} />} onClick={() => setDecision({ kind: 'cancel', review: r })} aria-label={`Cancel ${r.number}`}>
            {t('risk.reviews.cancel')}
          </Button>
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('risk.reviews.fraudReview')} description={t('risk.reviews.ordersHeldByThe')} />
      <DataTable
        label={t('risk.reviews.ordersWaitingForFraud')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(r) => r.holdId}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={{ title: t('risk.reviews.nothingToReview'), description: t('risk.reviews.ordersThatReachThe') }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
      {decision && <DecisionModal decision={decision} onClose={() => setDecision(null)} onDone={list.reload} />}
    </>
  );
}

function DecisionModal({ decision, onClose, onDone }: { decision: NonNullable<Decision>; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { kind, review } = decision;
  const form = useForm({ initialValues: { text: '' }, validate: { text: (v) => (v.trim() ? null : t('common.required')) } });
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
            {kind === 'release' ? t('risk.releaseHint') : t('risk.cancelHint')}
          </Text>
          <Textarea label={kind === 'release' ? t('inventory.note') : t('orders.modals.reason')} placeholder={kind === 'release' ? t('risk.releasePlaceholder') : t('risk.cancelPlaceholder')} autosize minRows={2} data-autofocus {...form.getInputProps('text')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('risk.reviews.back')}</Button>
            <Button type="submit" loading={busy} color={kind === 'release' ? 'teal' : 'red'}>{kind === 'release' ? t('risk.releaseOrder') : t('orders.modals.cancelOrder')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
