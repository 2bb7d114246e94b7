import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, Badge, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { IconScan } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { useCursorPaging, useUrlFilters } from '../../components/url-state';
import { formatRelative, humanize } from '../../lib/format';
import { useLocationOptions } from '../inventory/use-locations';
import { ShipmentStatusBadge, shipmentStatuses, shipmentStatusLabel } from './shipment-status';
import { useTranslation } from 'react-i18next';

type Row = Schemas['ShipmentSummary'];

/** Shipments by status, location and date; open one by scanning its number (SH-…). */
export default function ShipmentsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const locations = useLocationOptions();
  const status = filters.get('status');
  const location = filters.get('location');
  const date = filters.get('date');
  const [go, setGo] = useState('');
  const list = useQuery(
    (signal) =>
      unwrap(api.GET('/api/v1/shipments', { signal, params: { query: { limit: 25, cursor: paging.cursor, status: (status || undefined) as never, locationCode: location || undefined, date: date || undefined } } })),
    [filters.params.toString()],
    { refreshMs: 30_000 },
  );
  const columns: Column<Row>[] = [
    { key: 'number', header: t('shipping.shipments.shipment'), render: (r) => <Anchor component={Link} to={`/shipments/${r.id}`} fw={650} size="sm">{r.number}</Anchor> },
    { key: 'order', header: t('shipping.shipments.order'), render: (r) => <Text size="sm">{r.orderNumber}</Text> },
    { key: 'location', header: t('shipping.shipments.from'), render: (r) => <Badge variant="outline" color="gray" radius="sm" tt="none">{r.locationCode}</Badge> },
    { key: 'service', header: t('shipping.shipments.carrier'), render: (r) => <Text size="sm">{r.carrier} · {r.service}</Text> },
    { key: 'tracking', header: t('shipping.shipments.tracking'), render: (r) => <Text size="sm" ff="monospace">{r.trackingNumbers.join(', ')}</Text> },
    { key: 'status', header: t('shipping.shipments.status'), render: (r) => <ShipmentStatusBadge status={r.status} /> },
    { key: 'eta', header: t('shipping.shipments.delivery'), render: (r) => <Text size="sm">{r.estimatedDelivery ?? '—'}{r.promisedDate ? ` (promised ${r.promisedDate})` : ''}</Text> },
    { key: 'age', header: t('shipping.shipments.created'), render: (r) => <Text size="sm">{formatRelative(r.createdAt)}</Text> },
  ];
  const open = () => go.trim() && navigate(`/shipments/${encodeURIComponent(go.trim().toUpperCase())}`);
  return (
    <>
      <PageHeader title={t('shipping.shipments.shipments')} description={t('shipping.shipments.labelsBoughtOrRecorded')} />
      <Paper p="md" mb="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput label={t('shipping.shipments.openShipment')} placeholder={t('shipping.shipments.scanOrTypeSh')} leftSection={<IconScan size={16} />} w={240} value={go} onChange={(e) => setGo(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && open()} />
          <Select label={t('shipping.shipments.status')} placeholder={t('shipping.shipments.all')} clearable w={200} data={shipmentStatuses.map((s) => ({ value: s, label: shipmentStatusLabel(s) }))} value={status || null} onChange={(v) => { paging.reset(); filters.set({ status: v }); }} />
          <Select label={t('shipping.shipments.location')} placeholder={t('shipping.shipments.allLocations')} clearable w={200} data={locations} value={location || null} onChange={(v) => { paging.reset(); filters.set({ location: v }); }} />
          <TextInput label={t('shipping.shipments.date')} type="date" w={170} value={date ?? ''} onChange={(e) => { paging.reset(); filters.set({ date: e.currentTarget.value || null }); }} />
        </Group>
      </Paper>
      <DataTable
        label={t('shipping.shipments.shipments')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(r) => r.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={(r) => navigate(`/shipments/${r.id}`)}
        minWidth={720}
        empty={{ title: t('shipping.shipments.noShipments'), description: t('shipping.shipments.buyALabelOn') }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor ?? null} count={list.data?.items.length} />}
      />
    </>
  );
}
