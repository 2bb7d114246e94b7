import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';

type Customer = Schemas['Customer'];

/** Create or edit a customer; the API's field errors (e.g. a taken email) appear next to the fields. */
export function CustomerForm({ customer, onClose, onSaved }: { customer?: Customer | undefined; onClose: () => void; onSaved: (c: Customer) => void }) {
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
    <Modal opened onClose={onClose} title={customer ? `Edit ${customer.name}` : 'New customer'} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
          <TextInput label="Phone" {...form.getInputProps('phone')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {customer ? 'Save changes' : 'Create customer'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
