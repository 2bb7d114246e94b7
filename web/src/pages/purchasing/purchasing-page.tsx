import { useState } from 'react';
import { Badge, Button, Group, Modal, NumberInput, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconRefresh } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { formatCalendarDate, formatDateTime, formatMoney } from '../../lib/format';
import { useUser } from '../../auth/session';
import { poLabel, poStatusColor } from './po-status';
import { useTranslation } from 'react-i18next';

type Supplier = Schemas['Supplier'];
type PurchaseOrder = Schemas['PurchaseOrder'];
const canWrite = (r: string) => ['admin', 'manager', 'integration'].includes(r);

/** Suppliers and purchase orders; the reorder trigger on demand (docs/purchasing.md). */
export default function PurchasingPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const suppliers = useQuery((signal) => unwrap(api.GET('/api/v1/suppliers', { signal })), []);
  const orders = useQuery((signal) => unwrap(api.GET('/api/v1/purchase-orders', { signal, params: { query: { limit: 100 } } })), []);
  const [adding, setAdding] = useState(false);
  const act = useSubmit();

  const reorder = () =>
    act.run(() => unwrap(api.POST('/api/v1/purchasing/reorder-run', { body: {} })), (r) => {
      notifications.show({ message: r.drafts.length ? t('purchasing.drafts', { count: r.drafts.length }) : t('purchasing.nothingBelow') });
      orders.reload();
    });

  const supplierColumns: Column<Supplier>[] = [
    { key: 'code', header: t('purchasing.purchasing.code'), render: (s) => s.code },
    { key: 'name', header: t('purchasing.purchasing.supplier'), render: (s) => s.name },
    { key: 'currency', header: t('purchasing.purchasing.currency'), render: (s) => s.currency },
    { key: 'products', header: t('purchasing.purchasing.products'), render: (s) => <Text size="sm">{s.products.map((p) => `${p.sku} (${p.leadTimeDays} d)`).join(', ') || '—'}</Text> },
  ];
  const poColumns: Column<PurchaseOrder>[] = [
    { key: 'number', header: t('purchasing.purchasing.number'), render: (p) => p.number },
    { key: 'supplier', header: t('purchasing.purchasing.supplier'), render: (p) => p.supplierName },
    { key: 'location', header: t('purchasing.purchasing.location'), render: (p) => p.locationCode },
    { key: 'status', header: t('purchasing.purchasing.status'), render: (p) => <Badge color={poStatusColor[p.status]} variant="light">{poLabel('status', p.status)}</Badge> },
    { key: 'origin', header: t('purchasing.purchasing.origin'), render: (p) => poLabel('origin', p.origin) },
    { key: 'expected', header: t('purchasing.purchasing.expected'), render: (p) => formatCalendarDate(p.expectedOn) },
    { key: 'total', header: t('purchasing.purchasing.total'), align: 'right', render: (p) => formatMoney(p.total) },
    { key: 'created', header: t('purchasing.purchasing.created'), render: (p) => formatDateTime(p.createdAt) },
  ];

  return (
    <>
      <PageHeader
        title={t('purchasing.purchasing.purchasing')}
        description={t('purchasing.purchasing.suppliersPurchaseOrdersAnd')}
        actions={
          canWrite(user.role) && (
            <Group gap="sm">
              <Button variant="default" leftSection={<IconRefresh size={16} />} loading={act.busy} onClick={reorder}>{t('purchasing.purchasing.runReorderCheck')}</Button>
              <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>{t('purchasing.purchasing.addSupplier')}</Button>
            </Group>
          )
        }
      />
      <Paper p="lg" mb="md">
        <Text fw={650} mb="sm">{t('purchasing.purchasing.purchaseOrders')}</Text>
        <DataTable label={t('purchasing.purchasing.purchaseOrders')} columns={poColumns} rows={orders.data?.items} rowKey={(p) => p.id} loading={orders.loading} error={orders.error} onRetry={orders.reload} onRowClick={(p) => navigate(`/purchasing/${p.id}`)} empty={{ title: t('purchasing.purchasing.noPurchaseOrdersYet') }} />
      </Paper>
      <Paper p="lg">
        <Text fw={650} mb="sm">{t('purchasing.purchasing.suppliers')}</Text>
        <DataTable label={t('purchasing.purchasing.suppliers')} columns={supplierColumns} rows={suppliers.data?.items} rowKey={(s) => s.id} loading={suppliers.loading} error={suppliers.error} onRetry={suppliers.reload} empty={{ title: t('purchasing.purchasing.noSuppliersYet') }} />
      </Paper>
      <AddSupplier opened={adding} onClose={() => setAdding(false)} onDone={() => { setAdding(false); suppliers.reload(); }} />
    </>
  );
}

function AddSupplier({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { code: '', name: '', email: '', currency: 'EUR', sku: '', leadTimeDays: 7, moq: 1, packSize: 1, cost: 0 } });
  const act = useSubmit(form);
  const submit = form.onSubmit((v) =>
    act.run(async () => {
      const s = await unwrap(api.POST('/api/v1/suppliers', { body: { code: v.code, name: v.name, currency: v.currency, ...(v.email ? { email: v.email } : {}) } }));
      if (v.sku) await unwrap(api.PUT('/api/v1/suppliers/{id}/products/{sku}', { params: { path: { id: s.id, sku: v.sku } }, body: { leadTimeDays: v.leadTimeDays, moq: v.moq, packSize: v.packSize, cost: v.cost } }));
      return s;
    }, () => {
      form.reset();
      onDone();
    }),
  );
  return (
    <Modal opened={opened} onClose={onClose} title={t('purchasing.purchasing.addSupplier')}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t('purchasing.purchasing.code')} required {...form.getInputProps('code')} />
          <TextInput label={t('purchasing.purchasing.name')} required {...form.getInputProps('name')} />
          <TextInput label={t('purchasing.purchasing.email')} {...form.getInputProps('email')} />
          <TextInput label={t('purchasing.purchasing.currency')} required {...form.getInputProps('currency')} />
          <Text size="sm" fw={600}>{t('purchasing.purchasing.firstProductOptional')}</Text>
          <TextInput label={t('purchasing.purchasing.sku')} {...form.getInputProps('sku')} />
          <Group grow>
            <NumberInput label={t('purchasing.purchasing.leadTimeDays')} min={0} {...form.getInputProps('leadTimeDays')} />
            <NumberInput label={t('purchasing.purchasing.moq')} min={1} {...form.getInputProps('moq')} />
            <NumberInput label={t('purchasing.purchasing.packSize')} min={1} {...form.getInputProps('packSize')} />
            <NumberInput label={t('purchasing.purchasing.unitCostMinorUnits')} min={0} {...form.getInputProps('cost')} />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={act.busy}>{t('purchasing.purchasing.add')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
