import { Button, Divider, Group, Modal, NumberInput, SegmentedControl, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { decimalToMinor, minorToDecimal } from '../../lib/format';
import { useTranslation } from 'react-i18next';

type Location = Schemas['Location'];
const s = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: number | string) => (v === '' ? (undefined as unknown as number) : Number(v));
const opt = (v: string) => (v.trim() ? v.trim() : undefined);

export function LocationForm({ location, onClose, onSaved }: { location?: Location | undefined; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const a = location?.address ?? {};
  const form = useForm({
    initialValues: {
      code: location?.code ?? '',
      name: location?.name ?? '',
      type: (location?.type ?? 'warehouse') as 'warehouse' | 'store',
      address: { line1: s(a.line1), line2: s(a.line2), postalCode: s(a.postalCode), city: s(a.city), region: s(a.region), country: s(a.country) },
      latitude: (location?.latitude ?? '') as number | string,
      longitude: (location?.longitude ?? '') as number | string,
      canShip: location?.canShip ?? true,
      canPickup: location?.canPickup ?? false,
      priority: (location?.priority ?? 100) as number | string,
      dailyOrderCapacity: (location?.dailyOrderCapacity ?? '') as number | string,
      processingTimeHours: (location?.processingTimeHours ?? 24) as number | string,
      active: location?.active ?? true,
      sourcing: {
        handlingCostPerOrder: location ? minorToDecimal(location.sourcing.handlingCostPerOrder.amount, location.sourcing.handlingCostPerOrder.currency) : '',
        handlingCostPerUnit: location ? minorToDecimal(location.sourcing.handlingCostPerUnit.amount, location.sourcing.handlingCostPerUnit.currency) : '',
        maxItemWeightGrams: (location?.sourcing.maxItemWeightGrams ?? '') as number | string,
        maxShipmentWeightGrams: (location?.sourcing.maxShipmentWeightGrams ?? '') as number | string,
        excludedCountries: location?.sourcing.excludedCountries ?? ([] as string[]),
        timeZone: location?.sourcing.timeZone ?? '',
        tariffBase: location?.sourcing.shippingTariff ? minorToDecimal(location.sourcing.shippingTariff.base.amount, location.sourcing.shippingTariff.base.currency) : '',
        tariffPerKm: location?.sourcing.shippingTariff ? minorToDecimal(location.sourcing.shippingTariff.perKm.amount, location.sourcing.shippingTariff.perKm.currency) : '',
        tariffPerKg: location?.sourcing.shippingTariff ? minorToDecimal(location.sourcing.shippingTariff.perKg.amount, location.sourcing.shippingTariff.perKg.currency) : '',
      },
    },
  });
  const currency = location?.sourcing.handlingCostPerOrder.currency ?? 'EUR';
  const sourcingMoney = (text: string, field: string) => {
    if (!text.trim()) return undefined;
    const amount = decimalToMinor(text, currency);
    if (amount === null) {
      form.setFieldError(field, t('misc.amountIn', { currency }));
      return null;
    }
    return { amount, currency };
  };
  const { run, busy } = useSubmit(form);
  const submit = form.onSubmit((v) => {
    const perOrder = sourcingMoney(v.sourcing.handlingCostPerOrder, 'sourcing.handlingCostPerOrder');
    const perUnit = sourcingMoney(v.sourcing.handlingCostPerUnit, 'sourcing.handlingCostPerUnit');
    if (perOrder === null || perUnit === null) return;
    const tariff = [sourcingMoney(v.sourcing.tariffBase, 'sourcing.tariffBase'), sourcingMoney(v.sourcing.tariffPerKm, 'sourcing.tariffPerKm'), sourcingMoney(v.sourcing.tariffPerKg, 'sourcing.tariffPerKg')] as const;
    if (tariff.some((x) => x === null)) return;
    const given = tariff.filter((x) => x !== undefined).length;
    if (given !== 0 && given !== 3) {
      form.setFieldError('sourcing.tariffBase', t('misc.tariffAll'));
      return;
    }
    const body = {
      name: v.name,
      type: v.type,
      address: { line1: v.address.line1, line2: opt(v.address.line2), postalCode: v.address.postalCode, city: v.address.city, region: opt(v.address.region), country: v.address.country.trim().toUpperCase() },
      latitude: num(v.latitude),
      longitude: num(v.longitude),
      canShip: v.canShip,
      canPickup: v.canPickup,
      priority: num(v.priority),
      dailyOrderCapacity: v.dailyOrderCapacity === '' ? null : Number(v.dailyOrderCapacity),
      processingTimeHours: num(v.processingTimeHours),
      active: v.active,
      sourcing: {
        ...(perOrder ? { handlingCostPerOrder: perOrder } : {}),
        ...(perUnit ? { handlingCostPerUnit: perUnit } : {}),
        maxItemWeightGrams: v.sourcing.maxItemWeightGrams === '' ? null : Number(v.sourcing.maxItemWeightGrams),
        maxShipmentWeightGrams: v.sourcing.maxShipmentWeightGrams === '' ? null : Number(v.sourcing.maxShipmentWeightGrams),
        excludedCountries: v.sourcing.excludedCountries.map((c) => c.trim().toUpperCase()),
        timeZone: v.sourcing.timeZone.trim() ? v.sourcing.timeZone.trim() : null,
        shippingTariff: given === 3 ? { base: tariff[0]!, perKm: tariff[1]!, perKg: tariff[2]! } : null,
      },
    };
    return run(
      () => (location ? unwrap(api.PATCH('/api/v1/locations/{code}', { params: { path: { code: location.code } }, body })) : unwrap(api.POST('/api/v1/locations', { body: { ...body, code: v.code.trim() } }))),
      (l) => {
        notifications.show({ color: 'green', message: `${l.name} ${location ? 'saved' : 'created'}` });
        onSaved();
        onClose();
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={location ? t('fulfillment.editBox', { code: location.code }) : t('misc.locations.newLocation')} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('misc.locationForm.code')} required disabled={!!location} description={t('misc.locationForm.shortUniqueCodeE')} data-autofocus {...form.getInputProps('code')} />
            <TextInput label={t('misc.locationForm.name')} required {...form.getInputProps('name')} />
          </SimpleGrid>
          <div>
            <Text size="sm" fw={500} mb={4} id="loc-type">
              {t('misc.locationForm.type')}
            </Text>
            <SegmentedControl aria-labelledby="loc-type" data={[{ value: 'warehouse', label: t('misc.locationForm.warehouse') }, { value: 'store', label: t('misc.locationForm.store') }]} {...form.getInputProps('type')} />
          </div>
          <Divider label={t('misc.locationForm.address')} labelPosition="left" />
          <TextInput label={t('misc.locationForm.streetAndNumber')} required {...form.getInputProps('address.line1')} />
          <TextInput label={t('misc.locationForm.addressLine2')} {...form.getInputProps('address.line2')} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('misc.locationForm.postalCode')} required {...form.getInputProps('address.postalCode')} />
            <TextInput label={t('misc.locationForm.city')} required {...form.getInputProps('address.city')} />
            <TextInput label={t('misc.locationForm.country')} required placeholder={t('misc.locationForm.de')} maxLength={2} {...form.getInputProps('address.country')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput label={t('misc.locationForm.latitude')} required decimalScale={6} {...form.getInputProps('latitude')} />
            <NumberInput label={t('misc.locationForm.longitude')} required decimalScale={6} {...form.getInputProps('longitude')} />
          </SimpleGrid>
          <Divider label={t('misc.locationForm.fulfilment')} labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput label={t('misc.locationForm.priority')} description={t('misc.locationForm.lowerWinsTies')} min={0} allowDecimal={false} {...form.getInputProps('priority')} />
            <NumberInput label={t('misc.locationForm.ordersPerDay')} description={t('misc.locationForm.emptyUnlimited')} min={0} allowDecimal={false} {...form.getInputProps('dailyOrderCapacity')} />
            <NumberInput label={t('misc.locationForm.processingTimeH')} min={0} allowDecimal={false} {...form.getInputProps('processingTimeHours')} />
          </SimpleGrid>
          <Group>
            <Switch label={t('misc.locationForm.shipsOrders')} {...form.getInputProps('canShip', { type: 'checkbox' })} />
            <Switch label={t('misc.locationForm.customerPickup')} {...form.getInputProps('canPickup', { type: 'checkbox' })} />
            <Switch label={t('misc.locationForm.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          </Group>
          <Divider label={t('misc.locationForm.sourcing')} labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('misc.handlingShipment', { currency })} placeholder="1.50" {...form.getInputProps('sourcing.handlingCostPerOrder')} />
            <TextInput label={t('misc.handlingUnit', { currency })} placeholder="0.20" {...form.getInputProps('sourcing.handlingCostPerUnit')} />
            <NumberInput label={t('misc.locationForm.maxItemWeightG')} description={t('misc.locationForm.heavierItemsAreNot')} min={1} allowDecimal={false} {...form.getInputProps('sourcing.maxItemWeightGrams')} />
            <NumberInput label={t('misc.locationForm.maxShipmentWeightG')} description={t('misc.locationForm.emptyNoLimit')} min={1} allowDecimal={false} {...form.getInputProps('sourcing.maxShipmentWeightGrams')} />
            <TagsInput label={t('misc.locationForm.excludedCountries')} description={t('misc.locationForm.isoCodesEG')} {...form.getInputProps('sourcing.excludedCountries')} />
            <TextInput label={t('misc.locationForm.timeZone')} description={t('misc.locationForm.forTheDailyCapacity')} placeholder={t('misc.locationForm.europeBerlin')} {...form.getInputProps('sourcing.timeZone')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('misc.tariffShipment', { currency })} description={t('misc.locationForm.emptyGlobalTariff')} {...form.getInputProps('sourcing.tariffBase')} />
            <TextInput label={t('misc.tariffKm', { currency })} {...form.getInputProps('sourcing.tariffPerKm')} />
            <TextInput label={t('misc.tariffKg', { currency })} {...form.getInputProps('sourcing.tariffPerKg')} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('misc.locationForm.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {location ? t('customers.saveChanges') : t('misc.createLocation')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
