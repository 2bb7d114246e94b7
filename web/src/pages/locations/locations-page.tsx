import { useState } from 'react';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { useCursorPaging, useUrlFilters } from '../../components/url-state';
import { LocationForm } from './location-form';

type Location = Schemas['Location'];
const addr = (a: Record<string, unknown>) => [a.line1, [a.postalCode, a.city].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ');

export default function LocationsPage() {
  const user = useUser();
  const write = can.writeCatalog(user.role);
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const [editing, setEditing] = useState<Location | 'new' | null>(null);
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/locations', { signal, params: { query: { limit: 50, cursor: paging.cursor } } })), [filters.params.toString()]);
  const columns: Column<Location>[] = [
    {
      key: 'name',
      header: 'Location',
      render: (l) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {l.name}
          </Text>
          <Text size="xs" c="dimmed" className="mono">
            {l.code}
          </Text>
        </Stack>
      ),
    },
    { key: 'type', header: 'Type', render: (l) => <Badge variant="light" color={l.type === 'warehouse' ? 'ordo' : 'grape'} tt="none" radius="sm">{l.type === 'warehouse' ? 'Warehouse' : 'Store'}</Badge> },
    { key: 'address', header: 'Address', render: (l) => <Text size="sm">{addr(l.address)}</Text> },
    {
      key: 'caps',
      header: 'Fulfils',
      render: (l) => (
        <Group gap={4}>
          {l.canShip && <Badge size="sm" variant="outline" color="gray" tt="none">Ships</Badge>}
          {l.canPickup && <Badge size="sm" variant="outline" color="gray" tt="none">Pickup</Badge>}
        </Group>
      ),
    },
    { key: 'priority', header: 'Priority', align: 'right', render: (l) => l.priority },
    { key: 'capacity', header: 'Daily capacity', align: 'right', render: (l) => l.dailyOrderCapacity ?? 'Unlimited' },
    { key: 'active', header: 'Status', render: (l) => <Badge variant="light" color={l.active ? 'green' : 'gray'} tt="none" radius="sm">{l.active ? 'Active' : 'Inactive'}</Badge> },
  ];
  return (
    <>
      <PageHeader
        title="Locations"
        description="Warehouses and stores that hold stock and fulfil orders."
        actions={write && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>New location</Button>}
      />
      <DataTable
        label="Locations"
        columns={columns}
        rows={list.data?.items}
        rowKey={(l) => l.code}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={write ? (l) => setEditing(l) : undefined}
        empty={{ title: 'No locations yet', description: 'Add a warehouse or store before receiving stock.' }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
      {editing && <LocationForm location={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onSaved={list.reload} />}
    </>
  );
}
