import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { decimalToMinor, minorToDecimal } from '../../lib/format';

type Product = Schemas['Product'];
const currencies = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'DKK', 'NOK', 'PLN', 'CZK', 'JPY', 'CAD', 'AUD'];
/** Server paths → form fields where they differ. */
const fieldMap = { 'price.amount': 'price', 'price.currency': 'currency', price: 'price' };
const orNull = (s: string) => (s.trim() ? s.trim() : null);

export function ProductForm({ product, onClose, onSaved }: { product?: Product | undefined; onClose: () => void; onSaved: () => void }) {
  const form = useForm({
    initialValues: {
      sku: product?.sku ?? '',
      name: product?.name ?? '',
      price: product ? minorToDecimal(product.price.amount, product.price.currency) : '',
      currency: product?.price.currency ?? 'EUR',
      gtin: product?.gtin ?? '',
      weightGrams: (product?.weightGrams ?? '') as number | string,
      hsCode: product?.hsCode ?? '',
      originCountry: product?.originCountry ?? '',
      description: product?.description ?? '',
      returnable: product?.returnable ?? true,
      active: product?.active ?? true,
    },
    validate: {
      price: (v, all) => (decimalToMinor(v, all.currency) === null ? `Must be an amount such as 19.99` : null),
    },
  });
  const { run, busy } = useSubmit(form, fieldMap);

  const submit = form.onSubmit((v) => {
    const body = {
      name: v.name,
      price: { amount: decimalToMinor(v.price, v.currency)!, currency: v.currency },
      gtin: orNull(v.gtin),
      weightGrams: v.weightGrams === '' ? null : Number(v.weightGrams),
      hsCode: orNull(v.hsCode),
      originCountry: orNull(v.originCountry.toUpperCase()),
      description: orNull(v.description),
      returnable: v.returnable,
      active: v.active,
    };
    return run(
      () =>
        product
          ? unwrap(api.PATCH('/api/v1/products/{sku}', { params: { path: { sku: product.sku } }, body }))
          : unwrap(api.POST('/api/v1/products', { body: { ...body, sku: v.sku.trim(), customizationFields: [] } })),
      (p) => {
        notifications.show({ color: 'green', message: `${p.name} ${product ? 'saved' : 'created'}` });
        onSaved();
        onClose();
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={product ? `Edit ${product.sku}` : 'New product'} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="SKU" required disabled={!!product} description={product ? 'SKUs cannot change' : 'Letters, digits, . _ / -'} data-autofocus {...form.getInputProps('sku')} />
            <TextInput label="Name" required {...form.getInputProps('name')} />
            <TextInput label="Price" required inputMode="decimal" placeholder="49.90" {...form.getInputProps('price')} />
            <Select label="Currency" data={currencies} searchable allowDeselect={false} {...form.getInputProps('currency')} />
            <TextInput label="GTIN" description="EAN/UPC barcode, 8–14 digits" {...form.getInputProps('gtin')} />
            <NumberInput label="Weight (g)" min={0} allowDecimal={false} {...form.getInputProps('weightGrams')} />
            <TextInput label="HS code" description="6–10 digits, for customs" {...form.getInputProps('hsCode')} />
            <TextInput label="Country of origin" placeholder="DE" maxLength={2} {...form.getInputProps('originCountry')} />
          </SimpleGrid>
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Group>
            <Switch label="Returnable" {...form.getInputProps('returnable', { type: 'checkbox' })} />
            <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {product ? 'Save changes' : 'Create product'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
