import { useState } from 'react';
import { Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { useTranslation } from 'react-i18next';

type Address = Schemas['CustomerAddress'];

const lines = (a: Record<string, unknown>) =>
  [a.name, a.company, a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country].filter((x) => typeof x === 'string' && x).join(', ');

/** The address book: defaults marked; an add form for those who may change customers. */
export function CustomerAddresses({ customerId, items, write, onChange }: { customerId: string; items: Address[]; write: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const form = useForm({ initialValues: { label: '', name: '', line1: '', city: '', postalCode: '', country: '', defaultShipping: false, defaultBilling: false } });
  const { run, busy } = useSubmit(form, { 'address.line1': 'line1', 'address.city': 'city', 'address.postalCode': 'postalCode', 'address.country': 'country', 'address.name': 'name' });
  const submit = form.onSubmit((v) =>
    run(
      () =>
        unwrap(
          api.POST('/api/v1/customers/{id}/addresses', {
            params: { path: { id: customerId } },
            body: {
              label: v.label.trim() || null,
              address: { ...(v.name.trim() ? { name: v.name.trim() } : {}), line1: v.line1, city: v.city, postalCode: v.postalCode, country: v.country.trim().toUpperCase() },
              ...(v.defaultShipping ? { defaultShipping: true } : {}),
              ...(v.defaultBilling ? { defaultBilling: true } : {}),
            },
          }),
        ),
      () => {
        form.reset();
        setAdding(false);
        onChange();
      },
    ),
  );
  const remove = (a: Address) => run(() => unwrap(api.DELETE('/api/v1/customers/{id}/addresses/{addressId}', { params: { path: { id: customerId, addressId: a.id } } })), onChange);
  return (
    <Stack>
      {items.length === 0 && <Text size="sm" c="dimmed">{t('customers.customerAddresses.noSavedAddresses')}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {items.map((a) => (
          <Paper key={a.id} withBorder p="md">
            <Group justify="space-between" mb={4}>
              <Text fw={600}>{a.label ?? 'Address'}</Text>
              <Group gap={4}>
                {a.defaultShipping && <Badge size="sm">{t('customers.customerAddresses.defaultShipping')}</Badge>}
                {a.defaultBilling && <Badge size="sm" color="grape">{t('customers.customerAddresses.defaultBilling')}</Badge>}
              </Group>
            </Group>
            <Text size="sm">{lines(a.address)}</Text>
            {write && (
              <Button size="xs" variant="subtle" color="red" mt="xs" onClick={() => void remove(a)}>
                {t('customers.customerAddresses.remove')}
              </Button>
            )}
          </Paper>
        ))}
      </SimpleGrid>
      {write &&
        (adding ? (
          <Paper withBorder p="md">
            <form onSubmit={submit} noValidate>
              <Stack gap="xs">
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label={t('customers.customerAddresses.label')} placeholder={t('customers.customerAddresses.homeOffice')} {...form.getInputProps('label')} />
                  <TextInput label={t('customers.customerAddresses.name')} {...form.getInputProps('name')} />
                  <TextInput label={t('customers.customerAddresses.street')} required {...form.getInputProps('line1')} />
                  <TextInput label={t('customers.customerAddresses.city')} required {...form.getInputProps('city')} />
                  <TextInput label={t('customers.customerAddresses.postalCode')} required {...form.getInputProps('postalCode')} />
                  <TextInput label={t('customers.customerAddresses.countryIsoCode')} required maxLength={2} {...form.getInputProps('country')} />
                </SimpleGrid>
                <Group>
                  <Checkbox label={t('customers.customerAddresses.defaultShipping')} {...form.getInputProps('defaultShipping', { type: 'checkbox' })} />
                  <Checkbox label={t('customers.customerAddresses.defaultBilling')} {...form.getInputProps('defaultBilling', { type: 'checkbox' })} />
                </Group>
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setAdding(false)}>{t('customers.customerAddresses.cancel')}</Button>
                  <Button type="submit" loading={busy}>{t('customers.customerAddresses.saveAddress')}</Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        ) : (
          <Group>
            <Button variant="default" onClick={() => setAdding(true)}>{t('customers.customerAddresses.addAddress')}</Button>
          </Group>
        ))}
    </Stack>
  );
}
