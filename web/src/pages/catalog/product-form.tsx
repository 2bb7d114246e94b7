import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { decimalToMinor, minorToDecimal } from '../../lib/format';
import { useTranslation } from 'react-i18next';

type Product = Schemas['Product'];
const currencies = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'DKK', 'NOK', 'PLN', 'CZK', 'JPY', 'CAD', 'AUD'];
/** Server paths → form fields where they differ. */
const fieldMap = { 'price.amount': 'price', 'price.currency': 'currency', price: 'price' };
const orNull = (s: string) => (s.trim() ? s.trim() : null);

export function ProductForm({ product, onClose, onSaved }: { product?: Product | undefined; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
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
      price: (v, all) => (decimalToMinor(v, all.currency) === null ? t('misc.amountSuchAs') : null),
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
    <Modal opened onClose={onClose} title={product ? t('fulfillment.editBox', { code: product.sku }) : t('misc.products.newProduct')} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('misc.productForm.sku')} required disabled={!!product} description={product ? t('misc.skuFixed') : t('misc.skuChars')} data-autofocus {...form.getInputProps('sku')} />
            <TextInput label={t('misc.productForm.name')} required {...form.getInputProps('name')} />
            <TextInput label={t('misc.productForm.price')} required inputMode="decimal" placeholder="49.90" {...form.getInputProps('price')} />
            <Select label={t('misc.productForm.currency')} data={currencies} searchable allowDeselect={false} {...form.getInputProps('currency')} />
            <TextInput label={t('misc.productForm.gtin')} description={t('misc.productForm.eanUpcBarcode8')} {...form.getInputProps('gtin')} />
            <NumberInput label={t('misc.productForm.weightG')} min={0} allowDecimal={false} {...form.getInputProps('weightGrams')} />
            <TextInput label={t('misc.productForm.hsCode')} description={t('misc.productForm.n610DigitsFor')} {...form.getInputProps('hsCode')} />
            <TextInput label={t('misc.productForm.countryOfOrigin')} placeholder={t('misc.productForm.de')} maxLength={2} {...form.getInputProps('originCountry')} />
          </SimpleGrid>
          <Textarea label={t('misc.productForm.description')} autosize minRows={2} {...form.getInputProps('description')} />
          <Group>
            <Switch label={t('misc.productForm.returnable')} {...form.getInputProps('returnable', { type: 'checkbox' })} />
            <Switch label={t('misc.productForm.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('misc.productForm.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {product ? t('customers.saveChanges') : t('misc.createProduct')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
