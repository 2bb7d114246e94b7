import { Link } from 'react-router';
import { Anchor, Badge, Paper, Skeleton, Table, Text } from '@mantine/core';
import type { Dashboard } from '../../api/session-paths';
import { useTranslation } from 'react-i18next';

export function LowStockTable({ rows }: { rows: Dashboard['lowStock'] | undefined }) {
  const { t } = useTranslation();
  return (
    <Paper p="lg">
      <Text fw={650}>{t('dashboard.lowStockTable.lowStock')}</Text>
      <Text size="xs" c="dimmed" mb="sm">
        {t('dashboard.lowStockTable.availableAtOrBelow')}
      </Text>
      {!rows ? (
        <Skeleton h={200} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('dashboard.lowStockTable.everySkuIsAbove')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420} mah={260}>
          <Table aria-label={t('dashboard.lowStockTable.lowStockSkus')} verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th fz="xs" c="dimmed">{t('dashboard.lowStockTable.sku')}</Table.Th>
                <Table.Th fz="xs" c="dimmed">{t('dashboard.lowStockTable.location')}</Table.Th>
                <Table.Th fz="xs" c="dimmed" ta="right">{t('dashboard.lowStockTable.available')}</Table.Th>
                <Table.Th fz="xs" c="dimmed" ta="right">{t('dashboard.lowStockTable.reorderAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.slice(0, 8).map((r) => (
                <Table.Tr key={`${r.sku}@${r.locationCode}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/inventory?sku=${encodeURIComponent(r.sku)}`} size="sm" fw={600}>
                      {r.sku}
                    </Anchor>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {r.name}
                    </Text>
                  </Table.Td>
                  <Table.Td fz="sm">{r.locationCode}</Table.Td>
                  <Table.Td className="num">
                    <Badge color={r.available === 0 ? 'red' : 'orange'} variant="light">
                      {r.available}
                    </Badge>
                  </Table.Td>
                  <Table.Td className="num" fz="sm">
                    {r.reorderPoint}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
