import { Link } from 'react-router';
import { Anchor, Button, Group, Select, Text } from '@mantine/core';
import { IconScan } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { useUrlFilters } from '../../components/url-state';
import { formatMoney, formatRelative } from '../../lib/format';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { ReturnStatusBadge, returnLabel, returnStatuses } from './return-badges';
import { useTranslation } from 'react-i18next';

type Return = Schemas['Return'];
type Status = Return['status'];

/** Returns (RMAs), newest first, filtered by status (in the URL). */
export default function ReturnsPage() {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const user = useUser();
  const status = filters.get('status') as Status | '';
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/returns', { signal, params: { query: { limit: 100, ...(status ? { status } : {}) } } })), [status], { refreshMs: 30_000 });
  const money = can.seeMoney(user.role);

  const columns: Column<Return>[] = [
    {
      key: 'number',
      header: t('returns.list.return'),
      render: (r) => (
        <Anchor component={Link} to={`/returns/${r.id}`} fw={600} size="sm">
          {r.number}
        </Anchor>
      ),
    },
    { key: 'order', header: t('orders.list.order'), render: (r) => <Anchor component={Link} to={`/orders/${r.orderId}`} size="sm">{r.orderNumber}</Anchor> },
    { key: 'status', header: t('orders.list.status'), render: (r) => <ReturnStatusBadge status={r.status} /> },
    { key: 'resolution', header: t('returns.list.resolution'), render: (r) => <Text size="sm">{returnLabel('resolution', r.resolution)}</Text> },
    { key: 'units', header: t('returns.list.units'), render: (r) => <Text size="sm">{r.lines.reduce((n, l) => n + l.quantity, 0)}</Text> },
    ...(money ? [{ key: 'value', header: t('returns.list.refundDue'), render: (r: Return) => <Text size="sm">{formatMoney(r.totals.refundDue)}</Text> }] : []),
    { key: 'created', header: t('returns.list.created'), render: (r) => <Text size="sm">{formatRelative(r.createdAt)}</Text> },
  ];

  return (
    <>
      <PageHeader
        title={t('returns.list.title')}
        description={t('returns.list.description')}
        actions={
          can.fulfil(user.role) && (
            <Button component={Link} to="/returns/receive" leftSection={<IconScan size={16} />}>
              {t('returns.list.receiving')}
            </Button>
          )
        }
      />
      <Group mb="md">
        <Select label={t('orders.list.status')} placeholder={t('common.any')} clearable w={180} data={returnStatuses.map((s) => ({ value: s, label: returnLabel('status', s) }))} value={status || null} onChange={(v) => filters.set({ status: v })} />
      </Group>
      <DataTable
        label={t('returns.list.title')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(r) => r.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={{ title: t('returns.list.empty'), description: t('returns.list.emptyHint') }}
      />
    </>
  );
}
