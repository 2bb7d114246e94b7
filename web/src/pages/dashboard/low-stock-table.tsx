import { Link } from 'react-router';
import { Anchor, Badge, Paper, Skeleton, Table, Text } from '@mantine/core';
import type { Dashboard } from '../../api/session-paths';

export function LowStockTable({ rows }: { rows: Dashboard['lowStock'] | undefined }) {
  return (
    <Paper p="lg">
      <Text fw={650}>Low stock</Text>
      <Text size="xs" c="dimmed" mb="sm">
        Available at or below the reorder point
      </Text>
      {!rows ? (
        <Skeleton h={200} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Every SKU is above its reorder point.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420} mah={260}>
          <Table aria-label="Low-stock SKUs" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th fz="xs" c="dimmed">SKU</Table.Th>
                <Table.Th fz="xs" c="dimmed">Location</Table.Th>
                <Table.Th fz="xs" c="dimmed" ta="right">Available</Table.Th>
                <Table.Th fz="xs" c="dimmed" ta="right">Reorder at</Table.Th>
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
