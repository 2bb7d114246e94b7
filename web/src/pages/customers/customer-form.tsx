import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { useTranslation } from 'react-i18next';

type Customer = Schemas['Customer'];

/** Create or edit a customer; the API's field errors (e.g. a taken email) appear next to the fields. */
export function CustomerForm({ customer, onClose, onSaved }: { customer?: Customer | undefined; onClose: () => void; onSaved: (c: Customer) => void }) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { email: customer?.email ?? '', name: customer?.name ?? '', phone: customer?.phone ?? '' } });
  const { run, busy } = useSubmit(form);
  const submit = form.onSubmit((v) => {
    const phone = v.phone.trim() ? v.phone.trim() : null;
    return run(
      () =>
        customer
          ? unwrap(api.PATCH('/api/v1/customers/{id}', { params: { path: { id: customer.id } }, body: { email: v.email, name: v.name, phone } }))
          : unwrap(api.POST('/api/v1/customers', { body: { email: v.email, name: v.name, phone } })),
      (c) => {
        notifications.show({ color: 'green', message: `${c.name} ${customer ? 'saved' : 'created'}` });
        onSaved(c);
        onClose();
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={customer ? t('fulfillment.editBox', { code: customer.name }) : t('customers.customers.newCustomer')} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('customers.customerForm.name')} required data-autofocus {...form.getInputProps('name')} />
          <TextInput label={t('customers.customerForm.email')} type="email" required {...form.getInputProps('email')} />
          <TextInput label={t('customers.customerForm.phone')} {...form.getInputProps('phone')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('customers.customerForm.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {customer ? t('customers.saveChanges') : t('customers.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
