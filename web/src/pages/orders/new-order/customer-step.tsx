import { useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/problem';
import { useQuery, useSubmit } from '../../../api/hooks';
import type { Entry } from './entry';
import { useTranslation } from 'react-i18next';

type Customer = Entry['customer'];

/** Finds the customer by name or e-mail, or creates a new one inline (POST /customers). */
export function CustomerStep({ customer, onChange, onPicked }: { customer: Customer; onChange: (c: Customer) => void; onPicked: (customerId: string) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [creating, setCreating] = useState(false);
  const [draft, setDraft] = useState({ name: '', email: '', phone: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const found = useQuery((signal) => unwrap(api.GET('/api/v1/customers', { signal, params: { query: { q, limit: 10 } } })), [q], { enabled: q.length >= 2 });
  const form = { setFieldError: (path: string, message: string) => setErrors((e) => ({ ...e, [path]: message })), values: draft };
  const { run, busy } = useSubmit(form);
  const options = (found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` }));
  if (customer.id && !options.some((o) => o.value === customer.id)) options.unshift({ value: customer.id, label: `${customer.name} <${customer.email}>` });

  const create = () => {
    setErrors({});
    void run(
      () => unwrap(api.POST('/api/v1/customers', { body: { name: draft.name, email: draft.email, phone: draft.phone.trim() || null } })),
      (c) => {
        onChange({ id: c.id, name: c.name, email: c.email, phone: c.phone ?? '' });
        setCreating(false);
        setDraft({ name: '', email: '', phone: '' });
      },
    );
  };

  return (
    <Paper p="md" withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={3} fz="lg">{t('entry.customerStep.customer')}</Title>
        {!creating && (
          <Button variant="light" size="xs" leftSection={<IconUserPlus size={14} />} onClick={() => setCreating(true)}>
            {t('entry.customerStep.newCustomer')}
          </Button>
        )}
      </Group>
      {!creating ? (
        <Stack gap="xs">
          <Select
            label={t('entry.customerStep.findCustomer')}
            placeholder={t('entry.customerStep.nameOrEMail')}
            searchable
            clearable
            data={options}
            value={customer.id}
            searchValue={search}
            onSearchChange={setSearch}
            nothingFoundMessage={q.length >= 2 ? (found.loading ? t('entry.searching') : t('entry.noCustomer')) : t('entry.type2')}
            filter={({ options: o }) => o}
            onChange={(id) => {
              const c = found.data?.items.find((x) => x.id === id);
              if (c) {
                onChange({ id: c.id, name: c.name, email: c.email, phone: c.phone ?? '' });
                onPicked(c.id);
              } else if (!id) onChange({ id: null, name: '', email: '', phone: '' });
            }}
          />
          {customer.email && (
            <Text size="sm" data-testid="chosen-customer">
              {customer.name} · {customer.email}
              {customer.phone ? ` · ${customer.phone}` : ''}
            </Text>
          )}
        </Stack>
      ) : (
        <Stack gap="xs">
          <TextInput label={t('entry.customerStep.name')} required value={draft.name} error={errors.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
          <TextInput label={t('entry.customerStep.eMail')} required type="email" value={draft.email} error={errors.email} onChange={(e) => setDraft({ ...draft, email: e.currentTarget.value })} />
          <TextInput label={t('entry.customerStep.phone')} value={draft.phone} error={errors.phone} onChange={(e) => setDraft({ ...draft, phone: e.currentTarget.value })} />
          <Group>
            <Button onClick={create} loading={busy} disabled={!draft.name.trim() || !draft.email.trim()}>
              {t('entry.customerStep.createCustomer')}
            </Button>
            <Button variant="default" onClick={() => setCreating(false)}>
              {t('entry.customerStep.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
