import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconTag, IconTruckDelivery } from '@tabler/icons-react';
import { api, type Problem, type Schemas } from '../../api/client';
import { ApiError, unwrap } from '../../api/problem';
import { newIdempotencyKey as newKey } from '../../api/idempotency-key';
import { showApiError, useQuery } from '../../api/hooks';
import { adapterLabel, CHEAPEST, initialValues, isAggregator, toRequest, validate, type LabelValues } from './label-form';
import { ParcelsEditor } from './parcels-editor';
import { useTranslation } from 'react-i18next';

type FO = Schemas['FulfillmentOrder'];
type Shipment = Schemas['Shipment'];

/**
 * "Buy label" on a packed ship fulfillment order (nothing otherwise). With `onBought` the caller
 * keeps the user where they are (the pack station shows the label to print); without it the new
 * shipment opens.
 */
export function BuyLabel({ fo, onBought, title }: { fo: FO; onBought?: (s: Shipment) => void; title?: string }) {
  const { t } = useTranslation();
  if (fo.type !== 'ship' || fo.status !== 'packed') return null;
  return <BuyLabelPanel key={fo.id} fo={fo} onBought={onBought} title={title ?? t('fulfillment.pack.shippingLabel')} />;
}

/**
 * Buys a label — from the cheapest built-in carrier meeting the promise (or of the paid level), or
 * from a chosen carrier and service (EasyPost/Shippo included) — for one or more parcels, and opens
 * the new shipment. For aggregator carriers a label bought elsewhere can be recorded instead.
 * Field errors land on their inputs; other refusals (409 in progress, 502 carrier, 503 not
 * configured) stay in an alert above the buttons.
 */
function BuyLabelPanel({ fo, onBought, title }: { fo: FO; onBought: ((s: Shipment) => void) | undefined; title: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // One Idempotency-Key per attempt: a double submit or a retry after a lost answer buys once; any answer or edit starts a new one.
  const key = useRef(newKey());
  const form = useForm<LabelValues>({ initialValues: initialValues(fo), validate, onValuesChange: () => (key.current = newKey()) });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const carriers = useQuery((signal) => unwrap(api.GET('/api/v1/carriers', { signal })), []);
  const active = (carriers.data?.items ?? []).filter((c) => c.active);
  const { carrier: code, mode } = form.getValues();
  const carrier = active.find((c) => c.code === code);
  const aggregator = isAggregator(carrier);
  const services = useQuery((signal) => unwrap(api.GET('/api/v1/carriers/{carrier}/services', { signal, params: { path: { carrier: code } } })), [code], { enabled: carrier?.adapter === 'table_rate' });

  const submit = form.onSubmit(async (v) => {
    if (v.mode === 'record' && v.parcels.length > 1) return form.setFieldError('parcels', t('shipping.label.oneParcel'));
    setProblem(null);
    setBusy(true);
    try {
      const s = await unwrap(api.POST('/api/v1/fulfillment-orders/{id}/shipments', { params: { path: { id: fo.id }, header: { 'idempotency-key': key.current } }, body: toRequest(v) }));
      key.current = newKey();
      if (onBought) onBought(s);
      else navigate(`/shipments/${s.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.status !== 0) key.current = newKey();
      if (err instanceof ApiError && err.fieldErrors.length === 0 && err.status !== 401) setProblem(err.problem);
      else showApiError(err, form);
    } finally {
      setBusy(false);
    }
  });

  const carrierData = [
    { group: t('shipping.label.rateShopping'), items: [{ value: CHEAPEST, label: t('shipping.label.cheapest') }] },
    { group: t('shipping.label.carriers'), items: active.map((c) => ({ value: c.code, label: `${c.name} (${adapterLabel[c.adapter]})` })) },
  ];
  const changeCarrier = (value: string | null) => {
    form.setValues({ carrier: value ?? CHEAPEST, service: '', level: null, mode: 'buy' });
    setProblem(null);
  };

  return (
    <Paper p="md" mb="md" withBorder>
      <Title order={4} mb="xs">{title}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {carrier ? t('shipping.label.buysFrom', { carrier: carrier.name }) : t('shipping.label.rateShops')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group align="flex-start" grow wrap="wrap">
            <Select label={t('shipping.label.carrier')} size="md" miw={200} data={carrierData} allowDeselect={false} value={code} onChange={changeCarrier} error={form.errors.carrier} />
            {carrier?.adapter === 'table_rate' && (
              <Select
                label={t('shipping.label.service')}
                size="md"
                miw={200}
                placeholder={t('shipping.label.cheapestOnPromise')}
                clearable
                data={(services.data?.items ?? []).filter((s) => s.active).map((s) => ({ value: s.code, label: `${s.name} (${s.level})` }))}
                {...form.getInputProps('service')}
                value={form.getValues().service || null}
                onChange={(v) => form.setFieldValue('service', v ?? '')}
              />
            )}
            {aggregator && (
              <TextInput
                label={t('shipping.label.service')}
                size="md"
                miw={200}
                placeholder={mode === 'record' ? t('shipping.label.servicePlaceholderRecord') : t('shipping.label.servicePlaceholder')}
                required={mode === 'record'}
                {...form.getInputProps('service')}
              />
            )}
            {!carrier && (
              <Select
                label={t('shipping.label.level')}
                size="md"
                miw={200}
                placeholder={t('shipping.label.anyLevel')}
                clearable
                data={[{ value: 'standard', label: t('shipping.label.standard') }, { value: 'express', label: t('shipping.label.express') }]}
                {...form.getInputProps('level')}
              />
            )}
          </Group>
          {mode === 'record' && <TextInput label={t('shipping.label.tracking')} size="md" required description={t('shipping.label.trackingHint')} {...form.getInputProps('trackingNumber')} />}
          <ParcelsEditor form={form} max={mode === 'record' ? 1 : 50} />
          {problem && (
            <Alert color="red" icon={<IconAlertTriangle />} title={problem.title} role="alert" data-testid="label-problem">
              {problem.detail}
            </Alert>
          )}
          <Group>
            {mode === 'buy' ? (
              <>
                <Button type="submit" size="md" leftSection={<IconTruckDelivery size={18} />} loading={busy}>{t('shipping.label.buy')}</Button>
                {aggregator && <Button variant="subtle" size="md" leftSection={<IconTag size={18} />} onClick={() => form.setFieldValue('mode', 'record')}>{t('shipping.label.recordElsewhere')}</Button>}
              </>
            ) : (
              <>
                <Button type="submit" size="md" leftSection={<IconTag size={18} />} loading={busy}>{t('shipping.label.record')}</Button>
                <Button variant="subtle" size="md" onClick={() => form.setValues({ mode: 'buy', trackingNumber: '' })}>{t('shipping.label.buyInstead')}</Button>
              </>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
