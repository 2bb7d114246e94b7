import { Alert, Badge, Button, Group, NumberInput, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { PageHeader } from '../../components/page-header';
import { formatCalendarDate, formatDateTime, formatMoney } from '../../lib/format';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { poLabel, poStatusColor } from './po-status';
import { useTranslation } from 'react-i18next';

const canWrite = (r: string) => ['admin', 'manager', 'integration'].includes(r);

/** One purchase order: lines, send to the supplier, receive by scan (GTIN or SKU), cancel. */
export default function PurchaseOrderPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const q = useQuery((signal) => unwrap(api.GET('/api/v1/purchase-orders/{id}', { signal, params: { path: { id } } })), [id]);
  const po = q.data;
  const act = useSubmit();
  const scan = useForm({ initialValues: { code: '', quantity: 1 } });
  const receiving = useSubmit(scan, { 'lines.0.code': 'code', 'lines.0.quantity': 'quantity' });

  const send = () => act.run(() => unwrap(api.POST('/api/v1/purchase-orders/{id}/send', { params: { path: { id } }, body: {} })), () => { notifications.show({ message: t('purchasing.purchaseOrder.sentToTheSupplier') }); q.reload(); });
  const cancel = () => act.run(() => unwrap(api.POST('/api/v1/purchase-orders/{id}/cancel', { params: { path: { id } }, body: {} })), () => q.reload());
  const receive = scan.onSubmit((v) =>
    receiving.run(() => unwrap(api.POST('/api/v1/purchase-orders/{id}/receive', { params: { path: { id } }, body: { lines: [{ code: v.code, quantity: v.quantity }] } })), () => {
      notifications.show({ message: t('purchasing.receivedUnits', { quantity: v.quantity, code: v.code }) });
      scan.setValues({ code: '', quantity: 1 });
      q.reload();
    }),
  );

  if (q.error) return <Alert color="red" icon={<IconAlertTriangle />} title={q.error.problem.title}>{q.error.problem.detail}</Alert>;
  if (!po) return null;
  const receivable = (po.status === 'sent' || po.status === 'partially_received') && can.writeInventory(user.role);
  return (
    <>
      <PageHeader
        above={<Link to="/purchasing">← {t('nav.purchasing')}</Link>}
        title={t('purchasing.poTitle', { number: po.number })}
        description={`${po.supplierName} → ${po.locationCode} · ${t('purchasing.expectedOn', { date: po.expectedOn ? formatCalendarDate(po.expectedOn) : '—' })} · ${poLabel('origin', po.origin)}`}
        actions={
          <Group gap="sm">
            <Badge size="lg" color={poStatusColor[po.status]} variant="light">{poLabel('status', po.status)}</Badge>
            {po.status === 'draft' && canWrite(user.role) && <Button onClick={send} loading={act.busy}>{t('purchasing.purchaseOrder.sendToSupplier')}</Button>}
            {(po.status === 'draft' || po.status === 'sent') && canWrite(user.role) && <Button variant="default" color="red" onClick={cancel} loading={act.busy}>{t('purchasing.purchaseOrder.cancelOrder')}</Button>}
          </Group>
        }
      />
      <Paper p="lg" mb="md">
        <Table aria-label={t('purchasing.purchaseOrder.lines')}>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('purchasing.purchaseOrder.sku')}</Table.Th><Table.Th ta="right">{t('purchasing.purchaseOrder.ordered')}</Table.Th><Table.Th ta="right">{t('purchasing.purchaseOrder.received')}</Table.Th><Table.Th ta="right">{t('purchasing.purchaseOrder.outstanding')}</Table.Th><Table.Th ta="right">{t('purchasing.purchaseOrder.unitCost')}</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {po.lines.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>{l.sku}</Table.Td><Table.Td ta="right">{l.quantityOrdered}</Table.Td><Table.Td ta="right">{l.quantityReceived}</Table.Td><Table.Td ta="right">{l.outstanding}</Table.Td><Table.Td ta="right">{formatMoney(l.unitCost)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" mt="sm">Total {formatMoney(po.total)} · created {formatDateTime(po.createdAt)}{po.sentAt ? ` · sent ${formatDateTime(po.sentAt)}` : ''}</Text>
      </Paper>
      {receivable && (
        <Paper p="lg">
          <Text fw={650} mb="sm">{t('purchasing.purchaseOrder.receiveByScan')}</Text>
          <form onSubmit={receive}>
            <Stack gap="sm">
              <Group align="flex-end">
                <TextInput label={t('purchasing.purchaseOrder.barcodeOrSku')} data-autofocus {...scan.getInputProps('code')} />
                <NumberInput label={t('purchasing.purchaseOrder.quantity')} min={1} {...scan.getInputProps('quantity')} />
                <Button type="submit" loading={receiving.busy}>{t('purchasing.purchaseOrder.receive')}</Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
    </>
  );
}
