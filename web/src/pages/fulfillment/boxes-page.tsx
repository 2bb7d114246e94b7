import { useState } from 'react';
import { Badge, Button, Group, Modal, NumberInput, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { DataTable, type Column } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { useTranslation } from 'react-i18next';

type Box = Schemas['Box'];

/** The box catalog the pack station chooses cartons from (smallest that fits). */
export default function BoxesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const boxes = useQuery((signal) => unwrap(api.GET('/api/v1/boxes', { signal, params: { query: {} } })), []);
  const [editing, setEditing] = useState<Box | 'new' | null>(null);
  const manage = can.manageBoxes(user.role);
  const columns: Column<Box>[] = [
    { key: 'code', header: t('fulfillment.boxes.code'), render: (b) => <Text fw={650} size="sm">{b.code}</Text> },
    { key: 'name', header: t('fulfillment.boxes.name'), render: (b) => <Text size="sm">{b.name}</Text> },
    { key: 'dims', header: t('fulfillment.boxes.innerSizeMm'), render: (b) => <Text size="sm">{b.dimensionsMm.length} × {b.dimensionsMm.width} × {b.dimensionsMm.height}</Text> },
    { key: 'vol', header: t('fulfillment.boxes.volume'), align: 'right', render: (b) => <Text size="sm">{b.volumeLitres} L</Text> },
    { key: 'max', header: t('fulfillment.boxes.maxContents'), align: 'right', render: (b) => <Text size="sm">{b.maxWeightGrams} g</Text> },
    { key: 'tare', header: t('fulfillment.boxes.tare'), align: 'right', render: (b) => <Text size="sm">{b.tareWeightGrams} g</Text> },
    { key: 'active', header: t('fulfillment.boxes.status'), render: (b) => <Badge variant="light" color={b.active ? 'green' : 'gray'}>{b.active ? t('fulfillment.boxes.active') : t('fulfillment.retired')}</Badge> },
  ];
  return (
    <>
      <PageHeader
        title={t('fulfillment.boxes.boxes')}
        description={t('fulfillment.boxes.cartonsForPackingThe')}
        actions={manage && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('fulfillment.boxes.newBox')}</Button>}
      />
      <DataTable
        label={t('fulfillment.boxes.boxCatalog')}
        columns={columns}
        rows={boxes.data?.items}
        rowKey={(b) => b.code}
        loading={boxes.loading}
        error={boxes.error}
        onRetry={boxes.reload}
        onRowClick={manage ? (b) => setEditing(b) : undefined}
        minWidth={620}
        empty={{ title: t('fulfillment.boxes.noBoxesYet'), description: t('fulfillment.boxes.addTheCartonsYour') }}
      />
      {editing && <BoxForm box={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onSaved={boxes.reload} />}
    </>
  );
}

function BoxForm({ box, onClose, onSaved }: { box?: Box | undefined; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: {
      code: box?.code ?? '',
      name: box?.name ?? '',
      dimensionsMm: { length: (box?.dimensionsMm.length ?? '') as number | string, width: (box?.dimensionsMm.width ?? '') as number | string, height: (box?.dimensionsMm.height ?? '') as number | string },
      maxWeightGrams: (box?.maxWeightGrams ?? '') as number | string,
      tareWeightGrams: (box?.tareWeightGrams ?? 0) as number | string,
      active: box?.active ?? true,
    },
  });
  const { run, busy } = useSubmit(form);
  const submit = form.onSubmit((v) => {
    const n = (x: number | string) => (x === '' ? (undefined as unknown as number) : Number(x));
    const body = {
      name: v.name,
      dimensionsMm: { length: n(v.dimensionsMm.length), width: n(v.dimensionsMm.width), height: n(v.dimensionsMm.height) },
      maxWeightGrams: n(v.maxWeightGrams),
      tareWeightGrams: n(v.tareWeightGrams),
      active: v.active,
    };
    return run(
      () => (box ? unwrap(api.PUT('/api/v1/boxes/{code}', { params: { path: { code: box.code } }, body })) : unwrap(api.POST('/api/v1/boxes', { body: { ...body, code: v.code.trim().toUpperCase() } }))),
      () => { onSaved(); onClose(); },
    );
  });
  return (
    <Modal opened onClose={onClose} title={box ? t('fulfillment.editBox', { code: box.code }) : t('fulfillment.boxes.newBox')} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput label={t('fulfillment.boxes.code')} required disabled={!!box} data-autofocus {...form.getInputProps('code')} />
            <TextInput label={t('fulfillment.boxes.name')} required {...form.getInputProps('name')} />
          </SimpleGrid>
          <SimpleGrid cols={3}>
            <NumberInput label={t('fulfillment.boxes.lengthMm')} required min={1} allowDecimal={false} {...form.getInputProps('dimensionsMm.length')} />
            <NumberInput label={t('fulfillment.boxes.widthMm')} required min={1} allowDecimal={false} {...form.getInputProps('dimensionsMm.width')} />
            <NumberInput label={t('fulfillment.boxes.heightMm')} required min={1} allowDecimal={false} {...form.getInputProps('dimensionsMm.height')} />
          </SimpleGrid>
          <SimpleGrid cols={2}>
            <NumberInput label={t('fulfillment.boxes.maxContentsG')} required min={1} allowDecimal={false} {...form.getInputProps('maxWeightGrams')} />
            <NumberInput label={t('fulfillment.boxes.tareG')} min={0} allowDecimal={false} {...form.getInputProps('tareWeightGrams')} />
          </SimpleGrid>
          <Switch label={t('fulfillment.boxes.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('fulfillment.boxes.cancel')}</Button>
            <Button type="submit" loading={busy}>{box ? t('common.save') : t('fulfillment.createBox')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
