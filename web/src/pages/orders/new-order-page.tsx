import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Anchor, Button, Grid, Group, Paper, SegmentedControl, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconDeviceFloppy, IconShoppingCartPlus } from '@tabler/icons-react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { newIdempotencyKey } from '../../api/idempotency-key';
import { PageHeader } from '../../components/page-header';
import { formatMoney } from '../../lib/format';
import { draftTitle, emptyEntry, entryFromDraft, sandboxTokens, toPlaceOrder, totals, type Entry } from './new-order/entry';
import { CustomerStep } from './new-order/customer-step';
import { ProductsStep } from './new-order/products-step';
import { AddressStep, ShippingStep } from './new-order/shipping-step';
import { DraftsList } from './new-order/drafts-list';
import { usePostalGeocode } from './new-order/use-geocode';
import { useTranslation } from 'react-i18next';
import { paymentLabel } from './order-payments';

/**
 * Order entry for phone and service orders: customer (found or created), products, shipping address,
 * a shipping option from the delivery promise, payment by sandbox or Stripe token; placed on the
 * `phone` channel with an Idempotency-Key. Work in progress is saved as a server-side draft
 * (`?draft=<id>` resumes it); the order is placed with its `draftId`, so the server deletes the draft
 * in the placement's transaction.
 */
export default function NewOrderPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const draftId = params.get('draft');
  const [entry, setEntry] = useState<Entry>(emptyEntry);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loadedDraft, setLoadedDraft] = useState<string | null>(null);
  // One key per placement attempt: a double click or a retry after a lost answer places once; an edit starts a new one.
  const placeKey = useRef(newIdempotencyKey());
  const drafts = useQuery((signal) => unwrap(api.GET('/api/v1/order-drafts', { signal, params: { query: { limit: 20 } } })), []);
  // Placed from a draft: the server deletes the draft in the placement's transaction (never both, never neither).
  // The typed address's coordinates (its postal code's centre), so sourcing can prefer the nearest location.
  const coordinates = usePostalGeocode(entry);
  const body = { ...toPlaceOrder(entry, coordinates), ...(loadedDraft ? { draftId: loadedDraft } : {}) };
  const target = { setFieldError: (path: string, message: string) => setErrors((e) => ({ ...e, [path]: message })), values: body };
  const placing = useSubmit(target);
  const saving = useSubmit();

  // Resume a draft named in the URL.
  useEffect(() => {
    if (!draftId || draftId === loadedDraft) return;
    let live = true;
    unwrap(api.GET('/api/v1/order-drafts/{id}', { params: { path: { id: draftId } } })).then(
      (d) => {
        if (!live) return;
        setEntry(entryFromDraft(d.body));
        setLoadedDraft(d.id);
        setErrors({});
      },
      () => live && notifications.show({ color: 'red', message: t('entry.newOrder.thatDraftNoLonger') }),
    );
    return () => {
      live = false;
    };
  }, [draftId, loadedDraft]);

  const update = (patch: Partial<Entry>) => {
    placeKey.current = newIdempotencyKey();
    setEntry((e) => ({ ...e, ...patch }));
  };

  /** Fills an empty address from the customer's latest order. */
  const prefillAddress = async (customerId: string) => {
    if (entry.address.line1.trim()) return;
    const orders = await unwrap(api.GET('/api/v1/customers/{id}/orders', { params: { path: { id: customerId }, query: { limit: 1 } as never } })).catch(() => null);
    const last = orders?.items[0];
    if (!last) return;
    const order = await unwrap(api.GET('/api/v1/orders/{id}', { params: { path: { id: last.id } } })).catch(() => null);
    const a = (order?.shippingAddress ?? {}) as Record<string, unknown>;
    const s = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
    if (s('line1')) setEntry((e) => (e.address.line1.trim() ? e : { ...e, address: { name: s('name'), company: s('company'), line1: s('line1'), line2: s('line2'), postalCode: s('postalCode'), city: s('city'), region: s('region'), country: s('country') || e.address.country } }));
  };

  const saveDraft = () =>
    saving.run(
      () =>
        draftId
          ? unwrap(api.PUT('/api/v1/order-drafts/{id}', { params: { path: { id: draftId } }, body: { title: draftTitle(entry), body: entry as never } }))
          : unwrap(api.POST('/api/v1/order-drafts', { params: { header: { 'idempotency-key': newIdempotencyKey() } }, body: { title: draftTitle(entry), body: entry as never } })),
      (d) => {
        setLoadedDraft(d.id);
        if (d.id !== draftId) setParams({ draft: d.id }, { replace: true });
        drafts.reload();
        notifications.show({ color: 'teal', message: `Draft “${d.title}” saved` });
      },
    );

  const place = () => {
    setErrors({});
    void placing.run(
      () => unwrap(api.POST('/api/v1/orders', { params: { header: { 'idempotency-key': placeKey.current } }, body })),
      (order) => {
        notifications.show({ color: 'teal', title: t('entry.placed', { number: order.number }), message: order.payment ? t('entry.paymentStatus', { status: paymentLabel(order.payment.status) }) : t('entry.noPayment') });
        navigate(`/orders/${order.id}`);
      },
    );
  };

  const sums = totals(entry);
  const missing = [
    !entry.customer.email.trim() && 'a customer',
    entry.lines.length === 0 && 'products',
    (!entry.address.line1.trim() || !entry.address.city.trim() || !entry.address.postalCode.trim()) && 'the address',
    !entry.shipping && 'a shipping option',
    entry.payment.method !== 'later' && !entry.payment.token.trim() && 'a payment token',
  ].filter(Boolean) as string[];

  return (
    <>
      <PageHeader
        above={<Anchor component={Link} to="/orders" size="sm"><Group gap={4}><IconArrowLeft size={14} /> {t('orders.list.title')}</Group></Anchor>}
        title={t('entry.newOrder.newOrder')}
        description={t('entry.newOrder.aPhoneOrService')}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            <CustomerStep customer={entry.customer} onChange={(customer) => update({ customer, address: entry.address.name ? entry.address : { ...entry.address, name: customer.name } })} onPicked={(id) => void prefillAddress(id)} />
            <ProductsStep lines={entry.lines} onChange={(lines) => update({ lines })} />
            <AddressStep address={entry.address} errors={errors} onChange={(address) => update({ address })} />
            <ShippingStep entry={entry} coordinates={coordinates} onChange={(shipping) => update({ shipping })} />
            <Paper p="md" withBorder>
              <Title order={3} fz="lg" mb="sm">{t('entry.newOrder.payment')}</Title>
              <SegmentedControl
                mb="sm"
                value={entry.payment.method}
                onChange={(m) => update({ payment: { method: m as Entry['payment']['method'], token: m === 'sandbox' ? 'pm_sandbox_success' : '' } })}
                data={[{ value: 'sandbox', label: t('entry.newOrder.sandbox') }, { value: 'stripe', label: t('entry.newOrder.stripe') }, { value: 'later', label: t('entry.newOrder.payLater') }]}
              />
              {entry.payment.method === 'sandbox' && <Select label={t('entry.newOrder.sandboxCard')} data={sandboxTokens.map((s) => ({ value: s.value, label: t(`entry.token.${s.value}`, { defaultValue: s.label }) }))} value={entry.payment.token} allowDeselect={false} onChange={(v) => update({ payment: { ...entry.payment, token: v ?? '' } })} />}
              {entry.payment.method === 'stripe' && (
                <TextInput label={t('entry.newOrder.stripePaymentMethod')} description={t('entry.newOrder.thePmIdFrom')} placeholder={t('entry.newOrder.pm')} value={entry.payment.token} onChange={(e) => update({ payment: { ...entry.payment, token: e.currentTarget.value } })} />
              )}
              {entry.payment.method === 'later' && <Text size="sm" c="dimmed">{t('entry.newOrder.theOrderIsPlaced')}</Text>}
            </Paper>
            <Textarea label={t('entry.newOrder.note')} autosize minRows={2} maxLength={1500} value={entry.note} onChange={(e) => update({ note: e.currentTarget.value })} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <Paper p="md" withBorder>
              <Title order={3} fz="lg" mb="sm">{t('entry.newOrder.summary')}</Title>
              <Stack gap={4} data-testid="order-summary">
                <Group justify="space-between"><Text size="sm">{t('entry.newOrder.subtotal')}</Text><Text size="sm">{formatMoney(sums.subtotal)}</Text></Group>
                <Group justify="space-between"><Text size="sm">{t('entry.newOrder.shipping')}</Text><Text size="sm">{entry.shipping ? formatMoney(sums.shipping) : '—'}</Text></Group>
                <Group justify="space-between"><Text fw={700}>{t('entry.newOrder.total')}</Text><Text fw={700} data-testid="order-total">{formatMoney(sums.total)}</Text></Group>
              </Stack>
              {missing.length > 0 && <Text size="xs" c="dimmed" mt="sm">Still needed: {missing.join(', ')}.</Text>}
              <Stack mt="md" gap="xs">
                <Button size="md" leftSection={<IconShoppingCartPlus size={18} />} disabled={missing.length > 0} loading={placing.busy} onClick={place}>
                  {t('entry.newOrder.placeOrder')}
                </Button>
                <Button variant="default" leftSection={<IconDeviceFloppy size={18} />} loading={saving.busy} onClick={() => void saveDraft()}>
                  {t('entry.newOrder.saveDraft')}
                </Button>
                {draftId && (
                  <Button variant="subtle" onClick={() => { setParams({}, { replace: true }); setLoadedDraft(null); setEntry(emptyEntry()); setErrors({}); }}>
                    {t('entry.newOrder.startANewOrder')}
                  </Button>
                )}
              </Stack>
            </Paper>
            <DraftsList
              drafts={drafts}
              current={draftId}
              onOpen={(id) => setParams({ draft: id })}
              onDeleted={(id) => {
                drafts.reload();
                if (id === draftId) {
                  setParams({}, { replace: true });
                  setLoadedDraft(null);
                }
              }}
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
