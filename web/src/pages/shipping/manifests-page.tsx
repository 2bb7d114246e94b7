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

type Row = Schemas['Manifest'];

/** End of day: one manifest (scan form) per carrier and location of every handed-off shipment. */
export default function ManifestsPage() {
  const user = useUser();
  const locations = useLocationOptions();
  const carriers = useQuery((signal) => unwrap(api.GET('/api/v1/carriers', { signal })), []);
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/manifests', { signal, params: { query: { limit: 50 } } })), []);
  const [carrier, setCarrier] = useState<string | null>(null);
  const [location, setLocation] = useState<string | null>(null);
  const { run, busy } = useSubmit();
  const create = () => run(() => unwrap(api.POST('/api/v1/manifests', { body: { carrierCode: carrier!, locationCode: location! } })), (m) => { list.reload(); window.open(`/api/v1/manifests/${m.id}.pdf`, '_blank'); });
  const columns: Column<Row>[] = [
    { key: 'number', header: 'Manifest', render: (r) => <Anchor href={`/api/v1/manifests/${r.id}.pdf`} target="_blank" fw={650} size="sm">{r.number}</Anchor> },
    { key: 'carrier', header: 'Carrier', render: (r) => <Text size="sm">{r.carrierCode}</Text> },
    { key: 'location', header: 'Location', render: (r) => <Text size="sm">{r.locationCode}</Text> },
    { key: 'count', header: 'Shipments', render: (r) => <Text size="sm">{r.shipmentCount} ({r.parcelCount} parcels, {(r.weightGrams / 1000).toFixed(1)} kg)</Text> },
    { key: 'at', header: 'Created', render: (r) => <Text size="sm">{formatRelative(r.createdAt)}</Text> },
  ];
  return (
    <>
      <PageHeader title="Manifests" description="Close the day per carrier: every handed-off shipment not yet manifested goes on the scan form the driver signs." />
      {can.fulfil(user.role) && (
        <Paper p="md" mb="md">
          <Group align="flex-end" wrap="wrap">
            <Select label="Carrier" w={220} data={(carriers.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))} value={carrier} onChange={setCarrier} />
            <Select label="Location" w={220} data={locations} value={location} onChange={setLocation} />
            <Button leftSection={<IconFileCheck size={16} />} disabled={!carrier || !location} loading={busy} onClick={create}>Create manifest</Button>
          </Group>
        </Paper>
      )}
      <DataTable label="Manifests" columns={columns} rows={list.data?.items} rowKey={(r) => r.id} loading={list.loading} error={list.error} onRetry={list.reload} minWidth={560} empty={{ title: 'No manifests yet', description: 'Hand off labelled parcels, then create the day’s manifest.' }} />
    </>
  );
}
