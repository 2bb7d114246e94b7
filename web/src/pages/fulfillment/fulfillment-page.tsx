import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, Badge, Button, Group, Paper, Progress, Select, Text, TextInput } from '@mantine/core';
import { IconListCheck, IconScan } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { useCursorPaging, useUrlFilters } from '../../components/url-state';
import { formatRelative, humanize } from '../../lib/format';
import { useLocationOptions } from '../inventory/use-locations';
import { FulfillmentStatusBadge, fulfillmentStatuses, fulfillmentStatusLabel } from './fulfillment-status';
import { useTranslation } from 'react-i18next';

type Row = Schemas['FulfillmentOrderSummary'];

/** The latest waves (of the chosen location), with their progress. */
function RecentWaves({ location }: { location: string }) {
  const { t } = useTranslation();
  const waves = useQuery((signal) => unwrap(api.GET('/api/v1/pick-lists', { signal, params: { query: { locationCode: location || undefined, limit: 5 } } })), [location], { refreshMs: 30_000 });
  if (!waves.data?.items.length) return null;
  return (
    <Paper p="md" mt="md">
      <Text fw={600} mb="xs">{t('fulfillment.fulfillment.recentWaves')}</Text>
      <Group gap="md">
        {waves.data.items.map((w) => (
          <Anchor key={w.id} component={Link} to={`/pick-lists/${w.id}`} size="sm">
            {w.number} · {w.locationCode} · {t('fulfillment.waveOrders', { count: w.fulfillmentOrders.length })} · {t(`fulfillment.waveStatus.${w.status}`, { defaultValue: w.status })}
          </Anchor>
        ))}
      </Group>
    </Paper>
  );
}

/** Warehouse work queue: fulfillment orders per location and status; open one by scanning its number. */
export default function FulfillmentPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const locations = useLocationOptions();
  const location = filters.get('location');
  const status = filters.get('status') || 'open,picking,picked,packing,packed,ready_for_pickup';
  const type = filters.get('type');
  const [go, setGo] = useState('');
  const { run, busy } = useSubmit();

  const list = useQuery(
    (signal) =>
      unwrap(
        api.GET('/api/v1/fulfillment-orders', {
          signal,
          params: { query: { limit: 25, cursor: paging.cursor, locationCode: location || undefined, status: status as never, type: (type || undefined) as 'ship' | 'pickup' | undefined } },
        }),
      ),
    [filters.params.toString()],
    { refreshMs: 15_000 },
  );

  const columns: Column<Row>[] = [
    { key: 'number', header: t('fulfillment.fulfillment.fulfillment'), render: (r) => <Anchor component={Link} to={`/fulfillment/${r.id}`} fw={650} size="sm">{r.number}</Anchor> },
    { key: 'order', header: t('fulfillment.fulfillment.order'), render: (r) => <Text size="sm">{r.orderNumber}</Text> },
    { key: 'location', header: t('fulfillment.fulfillment.location'), render: (r) => <Badge variant="outline" color="gray" radius="sm" tt="none">{r.locationCode}</Badge> },
    { key: 'type', header: t('fulfillment.fulfillment.type'), render: (r) => <Text size="sm">{r.type === 'pickup' ? t('fulfillment.fulfillment.storePickup') : t('fulfillment.fulfillment.ship')}</Text> },
    { key: 'status', header: t('fulfillment.fulfillment.status'), render: (r) => <FulfillmentStatusBadge status={r.status} /> },
    {
      key: 'progress',
      header: t('fulfillment.fulfillment.picked'),
      render: (r) => (
        <Group gap={6} wrap="nowrap">
          <Progress value={r.units ? (100 * r.picked) / r.units : 0} w={70} size="sm" aria-label={t('fulfillment.scan.pickedOf', { picked: r.picked, of: r.units })} />
          <Text size="xs" c="dimmed">{r.picked}/{r.units}</Text>
        </Group>
      ),
    },
    { key: 'age', header: t('fulfillment.fulfillment.created'), render: (r) => <Text size="sm">{formatRelative(r.createdAt)}</Text> },
  ];

  const openByNumber = () => {
    const v = go.trim();
    if (v) navigate(`/fulfillment/${encodeURIComponent(v.toUpperCase())}`);
  };
  const createWave = () =>
    run(() => unwrap(api.POST('/api/v1/pick-lists', { body: { locationCode: location, limit: 20 } })), (p) => navigate(`/pick-lists/${p.id}`));

  return (
    <>
      <PageHeader
        title={t('fulfillment.fulfillment.fulfillment')}
        description={t('fulfillment.fulfillment.pickVerifyByScan')}
        actions={
          can.fulfil(user.role) && (
            <Button leftSection={<IconListCheck size={16} />} onClick={createWave} loading={busy} disabled={!location} title={location ? undefined : t('fulfillment.chooseLocation')}>
              {t('fulfillment.fulfillment.createWave')}
            </Button>
          )
        }
      />
      <Paper p="md" mb="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('fulfillment.fulfillment.openFulfillment')}
            placeholder={t('fulfillment.fulfillment.scanOrTypeFo')}
            leftSection={<IconScan size={16} />}
            w={240}
            value={go}
            onChange={(e) => setGo(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && openByNumber()}
          />
          <Select label={t('fulfillment.fulfillment.location')} placeholder={t('fulfillment.fulfillment.allLocations')} clearable w={220} data={locations} value={location || null} onChange={(v) => { paging.reset(); filters.set({ location: v }); }} />
          <Select
            label={t('fulfillment.fulfillment.status')}
            w={200}
            data={[{ value: 'open,picking,picked,packing,packed,ready_for_pickup', label: t('fulfillment.fulfillment.toDo') }, ...fulfillmentStatuses.map((s) => ({ value: s, label: fulfillmentStatusLabel(s) }))]}
            value={status}
            onChange={(v) => { paging.reset(); filters.set({ status: v }); }}
          />
          <Select label={t('fulfillment.fulfillment.type')} placeholder={t('fulfillment.fulfillment.shipAndPickup')} clearable w={170} data={[{ value: 'ship', label: t('fulfillment.fulfillment.ship') }, { value: 'pickup', label: t('fulfillment.fulfillment.storePickup') }]} value={type || null} onChange={(v) => { paging.reset(); filters.set({ type: v }); }} />
        </Group>
      </Paper>
      <DataTable
        label={t('fulfillment.fulfillment.fulfillmentOrders')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(r) => r.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={(r) => navigate(`/fulfillment/${r.id}`)}
        minWidth={640}
        empty={{ title: t('fulfillment.fulfillment.nothingToFulfil'), description: t('fulfillment.fulfillment.ordersAppearHereOnce') }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor ?? null} count={list.data?.items.length} />}
      />
      <RecentWaves location={location} />
    </>
  );
}
