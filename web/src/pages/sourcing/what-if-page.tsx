import { useState } from 'react';
import { Button, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { PageHeader } from '../../components/page-header';
import { decimalToMinor, formatMoney, minorToDecimal } from '../../lib/format';
import { useLocationOptions } from '../inventory/use-locations';
import { useTranslation } from 'react-i18next';

type Result = Schemas['WhatIfResult'];
const statuses = ['placed', 'confirmed', 'processing', 'partially_shipped', 'shipped', 'delivered', 'completed'] as const;

/**
 * Sourcing → What-if: run the engine over existing orders with other settings or without some
 * locations, and compare cost, shipments, splits and distance with what the orders hold today.
 * Nothing is written.
 */
export default function WhatIfPage() {
  const { t } = useTranslation();
  const settings = useQuery((signal) => unwrap(api.GET('/api/v1/sourcing/settings', { signal })), []);
  const locations = useLocationOptions();
  const currency = settings.data?.currency ?? 'EUR';
  const [result, setResult] = useState<Result | null>(null);
  const form = useForm({
    initialValues: {
      limit: 100 as number | string,
      status: null as string | null,
      splitPenalty: '',
      neverSplitBelow: '',
      maxLocationsPerOrder: '' as number | string,
      exclude: [] as string[],
    },
  });
  const { run, busy } = useSubmit(form, { 'settings.splitPenalty.currency': 'splitPenalty', 'settings.neverSplitBelow.currency': 'neverSplitBelow' });
  const money = (text: string, field: 'splitPenalty' | 'neverSplitBelow') => {
    if (!text.trim()) return undefined;
    const amount = decimalToMinor(text, currency);
    if (amount === null) {
      form.setFieldError(field, t('risk.amountIn', { currency }));
      return null;
    }
    return { amount, currency };
  };
  const submit = form.onSubmit((v) => {
    const splitPenalty = money(v.splitPenalty, 'splitPenalty');
    const neverSplitBelow = money(v.neverSplitBelow, 'neverSplitBelow');
    if (splitPenalty === null || neverSplitBelow === null) return;
    const body = {
      limit: Number(v.limit) || 100,
      ...(v.status ? { filter: { status: v.status as (typeof statuses)[number] } } : {}),
      settings: {
        ...(splitPenalty ? { splitPenalty } : {}),
        ...(neverSplitBelow ? { neverSplitBelow } : {}),
        ...(v.maxLocationsPerOrder !== '' ? { maxLocationsPerOrder: Number(v.maxLocationsPerOrder) } : {}),
      },
      locations: v.exclude.map((code) => ({ code, exclude: true })),
    };
    return run(() => unwrap(api.POST('/api/v1/sourcing/what-if', { body })), setResult);
  });
  const cur = settings.data;
  return (
    <>
      <PageHeader title={t('risk.whatIf.whatIfSourcing')} description={t('risk.whatIf.runTheSourcingEngine')} />
      <Paper p="lg" mb="md">
        <form onSubmit={submit} noValidate aria-label={t('risk.whatIf.whatIfConfiguration')}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
              <NumberInput label={t('risk.whatIf.ordersOldestFirst')} min={1} max={500} allowDecimal={false} {...form.getInputProps('limit')} />
              <Select label={t('risk.whatIf.orderStatus')} placeholder={t('risk.whatIf.anyButCancelled')} clearable data={statuses.map((s) => ({ value: s, label: s.replace('_', ' ') }))} {...form.getInputProps('status')} />
              <MultiSelect label={t('risk.whatIf.excludeLocations')} placeholder={t('risk.whatIf.none')} data={locations} searchable {...form.getInputProps('exclude')} />
              <TextInput label={`Split penalty (${currency})`} placeholder={cur ? minorToDecimal(cur.splitPenalty.amount, currency) : ''} description={t('risk.whatIf.perExtraShipment')} {...form.getInputProps('splitPenalty')} />
              <TextInput label={t('risk.neverSplit', { currency })} placeholder={cur?.neverSplitBelow ? minorToDecimal(cur.neverSplitBelow.amount, currency) : t('risk.noRule')} {...form.getInputProps('neverSplitBelow')} />
              <NumberInput label={t('risk.whatIf.maxLocationsPerOrder')} placeholder={cur?.maxLocationsPerOrder ? String(cur.maxLocationsPerOrder) : 'no limit'} min={1} allowDecimal={false} {...form.getInputProps('maxLocationsPerOrder')} />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button type="submit" loading={busy}>
                {t('risk.whatIf.runWhatIf')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {result && <WhatIfResultView r={result} />}
    </>
  );
}

function WhatIfResultView({ r }: { r: Result }) {
  const { t } = useTranslation();
  const sums = r.totals;
  const saving = sums.saving.amount;
  return (
    <Stack gap="md">
      <Paper p="lg" aria-label={t('risk.whatIf.whatIfTotals')}>
        <Text fw={650} mb="sm">
          {sums.orders} orders: {saving >= 0 ? 'saving' : 'extra cost'} {formatMoney({ amount: Math.abs(saving), currency: r.currency })}
        </Text>
        <Table withTableBorder fz="sm" data-testid="whatif-totals">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th ta="right">{t('risk.whatIf.cost')}</Table.Th>
              <Table.Th ta="right">{t('risk.whatIf.shipments')}</Table.Th>
              <Table.Th ta="right">{t('risk.whatIf.splitOrders')}</Table.Th>
              <Table.Th ta="right">{t('risk.whatIf.distanceKm')}</Table.Th>
              <Table.Th ta="right">{t('risk.whatIf.unitsAllocated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              <Table.Td>{t('risk.whatIf.current')}</Table.Td>
              <Table.Td ta="right">{formatMoney(sums.current.cost)}</Table.Td>
              <Table.Td ta="right">{sums.current.shipments}</Table.Td>
              <Table.Td ta="right">{sums.current.splitOrders}</Table.Td>
              <Table.Td ta="right">{sums.current.distanceKm}</Table.Td>
              <Table.Td ta="right">{sums.current.unitsAllocated}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>{t('risk.whatIf.whatIf')}</Table.Td>
              <Table.Td ta="right">{formatMoney(sums.whatIf.cost)}</Table.Td>
              <Table.Td ta="right">{sums.whatIf.shipments}</Table.Td>
              <Table.Td ta="right">{sums.whatIf.splitOrders}</Table.Td>
              <Table.Td ta="right">{sums.whatIf.distanceKm}</Table.Td>
              <Table.Td ta="right">{sums.whatIf.unitsAllocated}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper p="lg">
        <Table.ScrollContainer minWidth={640}>
          <Table striped fz="sm" data-testid="whatif-orders">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('risk.whatIf.order')}</Table.Th>
                <Table.Th>{t('risk.whatIf.current')}</Table.Th>
                <Table.Th>{t('risk.whatIf.whatIf')}</Table.Th>
                <Table.Th ta="right">{t('risk.whatIf.currentCost')}</Table.Th>
                <Table.Th ta="right">{t('risk.whatIf.whatIfCost')}</Table.Th>
                <Table.Th ta="right">{t('risk.whatIf.saving')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.orders.map((o) => (
                <Table.Tr key={o.orderId}>
                  <Table.Td>{o.number}</Table.Td>
                  <Table.Td>{o.current.locations.join(' + ') || '—'}</Table.Td>
                  <Table.Td>
                    {o.whatIf.locations.join(' + ') || '—'}
                    {o.whatIf.unitsBackordered > 0 ? ` (${o.whatIf.unitsBackordered} short)` : ''}
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(o.current.cost)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(o.whatIf.cost)}</Table.Td>
                  <Table.Td ta="right">{formatMoney({ amount: o.saving.amount, currency: o.saving.currency })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}
