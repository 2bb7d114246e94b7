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
import { useTranslation } from 'react-i18next';

type Location = Schemas['Location'];
const addr = (a: Record<string, unknown>) => [a.line1, [a.postalCode, a.city].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ');

export default function LocationsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const write = can.writeCatalog(user.role);
  const filters = useUrlFilters();
  const paging = useCursorPaging(filters);
  const [editing, setEditing] = useState<Location | 'new' | null>(null);
  const list = useQuery((signal) => unwrap(api.GET('/api/v1/locations', { signal, params: { query: { limit: 50, cursor: paging.cursor } } })), [filters.params.toString()]);
  const columns: Column<Location>[] = [
    {
      key: 'name',
      header: t('misc.locations.location'),
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
    { key: 'type', header: t('misc.locations.type'), render: (l) => <Badge variant="light" color={l.type === 'warehouse' ? 'ordo' : 'grape'} tt="none" radius="sm">{l.type === 'warehouse' ? t('misc.locationForm.warehouse') : t('misc.locationForm.store')}</Badge> },
    { key: 'address', header: t('misc.locations.address'), render: (l) => <Text size="sm">{addr(l.address)}</Text> },
    {
      key: 'caps',
      header: t('misc.locations.fulfils'),
      render: (l) => (
        <Group gap={4}>
          {l.canShip && <Badge size="sm" variant="outline" color="gray" tt="none">{t('misc.locations.ships')}</Badge>}
          {l.canPickup && <Badge size="sm" variant="outline" color="gray" tt="none">{t('misc.locations.pickup')}</Badge>}
        </Group>
      ),
    },
    { key: 'priority', header: t('misc.locations.priority'), align: 'right', render: (l) => l.priority },
    { key: 'capacity', header: t('misc.locations.dailyCapacity'), align: 'right', render: (l) => l.dailyOrderCapacity ?? t('misc.unlimited') },
    { key: 'active', header: t('misc.locations.status'), render: (l) => <Badge variant="light" color={l.active ? 'green' : 'gray'} tt="none" radius="sm">{l.active ? t('misc.products.active') : t('misc.products.inactive')}</Badge> },
  ];
  return (
    <>
      <PageHeader
        title={t('misc.locations.locations')}
        description={t('misc.locations.warehousesAndStoresThat')}
        actions={write && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('misc.locations.newLocation')}</Button>}
      />
      <DataTable
        label={t('misc.locations.locations')}
        columns={columns}
        rows={list.data?.items}
        rowKey={(l) => l.code}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onRowClick={write ? (l) => setEditing(l) : undefined}
        empty={{ title: t('misc.locations.noLocationsYet'), description: t('misc.locations.addAWarehouseOr') }}
        footer={<Pager paging={paging} nextCursor={list.data?.nextCursor} count={list.data?.items.length} />}
      />
      {editing && <LocationForm location={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onSaved={list.reload} />}
    </>
  );
}
