import { Link, useParams } from 'react-router';
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconArrowLeft, IconFileTypePdf } from '@tabler/icons-react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/page-loader';
import { FulfillmentStatusBadge } from './fulfillment-status';
import { useTranslation } from 'react-i18next';

/** A wave: one stop per SKU in bin order, with how many go to each fulfillment order. */
export default function PickListPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useQuery((signal) => unwrap(api.GET('/api/v1/pick-lists/{id}', { signal, params: { path: { id } } })), [id], { refreshMs: 10_000 });
  const p = q.data;
  if (!p) return q.error ? <Text c="red">{q.error.problem.detail}</Text> : <PageLoader />;
  return (
    <>
      <PageHeader
        above={<Anchor component={Link} to="/fulfillment" size="sm"><Group gap={4}><IconArrowLeft size={14} /> {t('nav.fulfillment')}</Group></Anchor>}
        title={t('fulfillment.wave', { number: p.number })}
        description={`${p.locationCode} · ${t('fulfillment.waveFos', { count: p.fulfillmentOrders.length })} · ${t(`fulfillment.waveStatus.${p.status}`, { defaultValue: p.status })}`}
        actions={<Button component="a" href={`/api/v1/pick-lists/${p.id}.pdf`} target="_blank" leftSection={<IconFileTypePdf size={16} />}>{t('fulfillment.pickList.printPickList')}</Button>}
      />
      <Paper p={0} withBorder mb="lg" style={{ overflowX: 'auto' }}>
        <Table verticalSpacing="sm" fz="md" miw={560} aria-label={t('fulfillment.pickList.waveLinesInWalk')}>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('fulfillment.pickList.bin')}</Table.Th><Table.Th>{t('fulfillment.pickList.item')}</Table.Th><Table.Th ta="right">{t('fulfillment.pickList.qty')}</Table.Th><Table.Th>{t('fulfillment.pickList.orders')}</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.lines.map((l) => (
              <Table.Tr key={`${l.sku}-${l.bin}`}>
                <Table.Td><Text fw={700} ff="monospace">{l.bin ?? '—'}</Text></Table.Td>
                <Table.Td><Text fw={600}>{l.sku}</Text><Text size="sm" c="dimmed">{l.name}</Text></Table.Td>
                <Table.Td ta="right"><Text fw={700}>{l.picked}/{l.quantity}</Text></Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {l.orders.map((o) => (
                      <Badge key={o.fulfillmentOrderId} variant="light" radius="sm" tt="none">{o.fulfillmentNumber} × {o.quantity}</Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Stack gap="xs">
        {p.fulfillmentOrders.map((f) => (
          <Group key={f.id} gap="sm">
            <Anchor component={Link} to={`/fulfillment/${f.id}`} fw={600}>{f.number}</Anchor>
            <Text size="sm">order {f.orderNumber}</Text>
            <FulfillmentStatusBadge status={f.status} />
          </Group>
        ))}
      </Stack>
    </>
  );
}
