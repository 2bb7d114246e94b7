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
import { formatDateTime, formatMoney } from '../../lib/format';
import { useUser } from '../../auth/session';
import { poStatusColor } from './po-status';

type Supplier = Schemas['Supplier'];
type PurchaseOrder = Schemas['PurchaseOrder'];
const canWrite = (r: string) => ['admin', 'manager', 'integration'].includes(r);

/** Suppliers and purchase orders; the reorder trigger on demand (docs/purchasing.md). */
export default function PurchasingPage() {
  const user = useUser();
  const navigate = useNavigate();
  const suppliers = useQuery((signal) => unwrap(api.GET('/api/v1/suppliers', { signal })), []);
  const orders = useQuery((signal) => unwrap(api.GET('/api/v1/purchase-orders', { signal, params: { query: { limit: 100 } } })), []);
  const [adding, setAdding] = useState(false);
  const act = useSubmit();

  const reorder = () =>
    act.run(() => unwrap(api.POST('/api/v1/purchasing/reorder-run', { body: {} })), (r) => {
      notifications.show({ message: r.drafts.length ? `${r.drafts.length} draft purchase order(s) created or topped up` : 'Nothing is below its reorder point' });
      orders.reload();
    });

  const supplierColumns: Column<Supplier>[] = [
    { key: 'code', header: 'Code', render: (s) => s.code },
    { key: 'name', header: 'Supplier', render: (s) => s.name },
    { key: 'currency', header: 'Currency', render: (s) => s.currency },
    { key: 'products', header: 'Products', render: (s) => <Text size="sm">{s.products.map((p) => `${p.sku} (${p.leadTimeDays} d)`).join(', ') || '—'}</Text> },
  ];
  const poColumns: Column<PurchaseOrder>[] = [
    { key: 'number', header: 'Number', render: (p) => p.number },
    { key: 'supplier', header: 'Supplier', render: (p) => p.supplierName },
    { key: 'location', header: 'Location', render: (p) => p.locationCode },
    { key: 'status', header: 'Status', render: (p) => <Badge color={poStatusColor[p.status]} variant="light">{p.status.replace('_', ' ')}</Badge> },
    { key: 'origin', header: 'Origin', render: (p) => p.origin },
    { key: 'expected', header: 'Expected', render: (p) => p.expectedOn ?? '—' },
    { key: 'total', header: 'Total', align: 'right', render: (p) => formatMoney(p.total) },
    { key: 'created', header: 'Created', render: (p) => formatDateTime(p.createdAt) },
  ];

  return (
    <>
      <PageHeader
        title="Purchasing"
        description="Suppliers, purchase orders and the reorder trigger."
        actions={
          canWrite(user.role) && (
            <Group gap="sm">
              <Button variant="default" leftSection={<IconRefresh size={16} />} loading={act.busy} onClick={reorder}>Run reorder check</Button>
              <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>Add supplier</Button>
            </Group>
          )
        }
      />
      <Paper p="lg" mb="md">
        <Text fw={650} mb="sm">Purchase orders</Text>
        <DataTable label="Purchase orders" columns={poColumns} rows={orders.data?.items} rowKey={(p) => p.id} loading={orders.loading} error={orders.error} onRetry={orders.reload} onRowClick={(p) => navigate(`/purchasing/${p.id}`)} empty={{ title: 'No purchase orders yet' }} />
      </Paper>
      <Paper p="lg">
        <Text fw={650} mb="sm">Suppliers</Text>
        <DataTable label="Suppliers" columns={supplierColumns} rows={suppliers.data?.items} rowKey={(s) => s.id} loading={suppliers.loading} error={suppliers.error} onRetry={suppliers.reload} empty={{ title: 'No suppliers yet' }} />
      </Paper>
      <AddSupplier opened={adding} onClose={() => setAdding(false)} onDone={() => { setAdding(false); suppliers.reload(); }} />
    </>
  );
}

function AddSupplier({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: () => void }) {
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
    <Modal opened={opened} onClose={onClose} title="Add supplier">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Code" required {...form.getInputProps('code')} />
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <TextInput label="Email" {...form.getInputProps('email')} />
          <TextInput label="Currency" required {...form.getInputProps('currency')} />
          <Text size="sm" fw={600}>First product (optional)</Text>
          <TextInput label="SKU" {...form.getInputProps('sku')} />
          <Group grow>
            <NumberInput label="Lead time (days)" min={0} {...form.getInputProps('leadTimeDays')} />
            <NumberInput label="MOQ" min={1} {...form.getInputProps('moq')} />
            <NumberInput label="Pack size" min={1} {...form.getInputProps('packSize')} />
            <NumberInput label="Unit cost (minor units)" min={0} {...form.getInputProps('cost')} />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={act.busy}>Add</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
