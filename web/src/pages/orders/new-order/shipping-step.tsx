import { useEffect } from 'react';
import { Alert, Group, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/problem';
import { useQuery } from '../../../api/hooks';
import { formatDate, formatMoney } from '../../../lib/format';
import { shippingChoices, type Entry } from './entry';
import { useTranslation } from 'react-i18next';

type Address = Entry['address'];

/** The shipping address, typed in the form's own fields (errors from the API land on them). */
export function AddressStep({ address, onChange, errors }: { address: Address; onChange: (a: Address) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const field = (key: keyof Address, label: string, required = false, w?: number) => (
    <TextInput label={label} required={required} w={w} value={address[key]} error={errors[`shippingAddress.${key}`]} onChange={(e) => onChange({ ...address, [key]: e.currentTarget.value })} />
  );
  return (
    <Paper p="md" withBorder>
      <Title order={3} fz="lg" mb="sm">{t('entry.shippingStep.shippingAddress')}</Title>
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {field('name', t('entry.recipient'))}
          {field('company', t('entry.company'))}
        </SimpleGrid>
        {field('line1', t('misc.locationForm.streetAndNumber'), true)}
        {field('line2', t('misc.locationForm.addressLine2'))}
        <Group grow align="flex-start" gap="xs">
          {field('postalCode', t('misc.locationForm.postalCode'), true)}
          {field('city', t('misc.locationForm.city'), true)}
          {field('country', t('misc.locationForm.country'), true)}
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * Shipping options for the cart and address from the delivery promise (POST /promise: the shipments
 * placement would plan now, each with its table-rate services); a level is chosen for the whole cart.
 */
export function ShippingStep({ entry, coordinates, onChange }: { entry: Entry; coordinates?: { latitude: number; longitude: number } | undefined; onChange: (s: Entry['shipping']) => void }) {
  const { t } = useTranslation();
  const country = entry.address.country.trim().toUpperCase();
  const cart = entry.lines.map((l) => `${l.sku}:${l.quantity}`).join(',');
  const [key] = useDebouncedValue(`${cart}|${country}|${entry.address.postalCode.trim()}|${coordinates ? `${coordinates.latitude},${coordinates.longitude}` : ''}`, 400);
  const ready = entry.lines.length > 0 && /^[A-Z]{2}$/.test(country);
  const promise = useQuery(
    (signal) =>
      unwrap(
        api.POST('/api/v1/promise', {
          signal,
          body: { lines: entry.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), shippingAddress: { country, ...(entry.address.postalCode.trim() ? { postalCode: entry.address.postalCode.trim() } : {}), ...(coordinates ?? {}) } },
        }),
      ),
    [key],
    { enabled: ready },
  );
  const choices = promise.data ? shippingChoices(promise.data) : [];
  const chosen = entry.shipping;
  // Keep the chosen level's price current when the cart or address changes.
  useEffect(() => {
    if (!chosen || !promise.data) return;
    const now = choices.find((c) => c.level === chosen.level);
    if (!now) onChange(null);
    else if (now.price.amount !== chosen.price.amount || now.price.currency !== chosen.price.currency || now.deliveryDate !== chosen.deliveryDate) onChange(now);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [promise.data]);

  return (
    <Paper p="md" withBorder>
      <Title order={3} fz="lg" mb="sm">{t('entry.shippingStep.shipping')}</Title>
      {!ready && <Text c="dimmed" size="sm">{t('entry.shippingStep.addProductsAndThe')}</Text>}
      {ready && promise.error && (
        <Alert color="red" title={promise.error.problem.title} data-testid="promise-error">
          {promise.error.fieldErrors.length ? promise.error.fieldErrors.map((f) => `${f.path} ${f.message}`).join('; ') : promise.error.problem.detail}
        </Alert>
      )}
      {ready && !promise.error && promise.data && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">{promise.data.reason}</Text>
          {promise.data.unfillable.length > 0 && (
            <Alert color="orange">{t('entry.notInStock', { items: promise.data.unfillable.map((u) => `${u.quantity} × ${u.sku}`).join(', ') })}</Alert>
          )}
          {choices.length === 0 && promise.data.unfillable.length === 0 && <Text size="sm">{t('entry.shippingStep.noShippingServiceReaches')}</Text>}
          <Radio.Group value={chosen?.level ?? null} onChange={(level) => onChange(choices.find((c) => c.level === level) ?? null)} aria-label={t('entry.shippingStep.shippingOption')}>
            <Stack gap="xs">
              {choices.map((c) => (
                <div key={c.level} data-testid={`shipping-${c.level}`}>
                <Radio
                  value={c.level}
                  label={
                    <Group gap="xs">
                      <Text size="sm" fw={600} tt="capitalize">{c.level}</Text>
                      <Text size="sm">{formatMoney(c.price)}</Text>
                      <Text size="sm" c="dimmed">delivered by {formatDate(c.deliveryDate)} · {c.label}</Text>
                    </Group>
                  }
                />
                </div>
              ))}
            </Stack>
          </Radio.Group>
        </Stack>
      )}
      {ready && promise.loading && !promise.data && <Text size="sm" c="dimmed">{t('entry.shippingStep.askingForDeliveryDates')}</Text>}
    </Paper>
  );
}
