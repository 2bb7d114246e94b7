import { useState } from 'react';
import { Anchor, Button, Group, Paper, Select, Text } from '@mantine/core';
import { IconFileCheck } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { formatRelative } from '../../lib/format';
import { useLocationOptions } from '../inventory/use-locations';
import { useTranslation } from 'react-i18next';

type Row = Schemas['Manifest'];

/** End of day: one manifest (scan form) per carrier and location of every handed-off shipment. */
export default function ManifestsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const locations = useLocationOptions();
  const carriers = useQuery((signal) => unwrap(api.GET('/api/v1/carriers', { signal })), []);
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/manifests', { signal, params: { query: { limit: 50 } } })), []);
  const [carrier, setCarrier] = useState<string | null>(null);
  const [location, setLocation] = useState<string | null>(null);
  const { run, busy } = useSubmit();
  const create = () => run(() => unwrap(api.POST('/api/v1/manifests', { body: { carrierCode: carrier!, locationCode: location! } })), (m) => { list.reload(); window.open(`/api/v1/manifests/${m.id}.pdf`, '_blank'); });
  const columns: Column<Row>[] = [
    { key: 'number', header: t('shipping.manifests.manifest'), render: (r) => <Anchor href={`/api/v1/manifests/${r.id}.pdf`} target="_blank" fw={650} size="sm">{r.number}</Anchor> },
    { key: 'carrier', header: t('shipping.manifests.carrier'), render: (r) => <Text size="sm">{r.carrierCode}</Text> },
    { key: 'location', header: t('shipping.manifests.location'), render: (r) => <Text size="sm">{r.locationCode}</Text> },
    { key: 'count', header: t('shipping.manifests.shipments'), render: (r) => <Text size="sm">{r.shipmentCount} ({r.parcelCount} parcels, {(r.weightGrams / 1000).toFixed(1)} kg)</Text> },
    { key: 'at', header: t('shipping.manifests.created'), render: (r) => <Text size="sm">{formatRelative(r.createdAt)}</Text> },
  ];
  return (
    <>
      <PageHeader title={t('shipping.manifests.manifests')} description={t('shipping.manifests.closeTheDayPer')} />
      {can.fulfil(user.role) && (
        <Paper p="md" mb="md">
          <Group align="flex-end" wrap="wrap">
            <Select label={t('shipping.manifests.carrier')} w={220} data={(carriers.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))} value={carrier} onChange={setCarrier} />
            <Select label={t('shipping.manifests.location')} w={220} data={locations} value={location} onChange={setLocation} />
            <Button leftSection={<IconFileCheck size={16} />} disabled={!carrier || !location} loading={busy} onClick={create}>{t('shipping.manifests.createManifest')}</Button>
          </Group>
        </Paper>
      )}
      <DataTable label={t('shipping.manifests.manifests')} columns={columns} rows={list.data?.items} rowKey={(r) => r.id} loading={list.loading} error={list.error} onRetry={list.reload} minWidth={560} empty={{ title: t('shipping.manifests.noManifestsYet'), description: t('shipping.manifests.handOffLabelledParcels') }} />
    </>
  );
}
