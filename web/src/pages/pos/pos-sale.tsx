import { useRef, useState } from 'react';
import { ActionIcon, Alert, Button, Group, NumberInput, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { formatMoney } from '../../lib/format';
import { cartTotal, changeDue, type CartLine } from './pos-money';
import PosReceipt from './pos-receipt';

type Receipt = Schemas['PosReceipt'];

/** A new receipt number per sale at this till (the server treats a repeated one as a retry). */
const newReceiptNumber = () => `POS-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;

/** Sell at the store: scan or type codes into the cart, optional customer, tender card or cash. */
export default function PosSale({ store }: { store: string }) {
  const { t } = useTranslation();
  const [lines, setLines] = useState<CartLine[]>([]);
  const [code, setCode] = useState('');
  const [scanError, setScanError] = useState<string | null>(null);
  const [customer, setCustomer] = useState({ email: '', name: '' });
  const [tender, setTender] = useState<'cash' | 'card'>('cash');
  const [tendered, setTendered] = useState('');
  const [cardToken, setCardToken] = useState('pm_sandbox_success');
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const scanInput = useRef<HTMLInputElement>(null);
  const scan = useSubmit();
  const charge = useSubmit();

  const currency = lines[0]?.unitPrice.currency ?? 'EUR';
  const total = cartTotal(lines);
  const cash = tender === 'cash' ? changeDue(tendered, total, currency) : null;

  const addCode = () => {
    const c = code.trim();
    if (!c) return;
    void scan.run(async () => {
      const found = (await unwrap(api.GET('/api/v1/products', { params: { query: { q: c, limit: 5 } } }))).items;
      const product = found.find((p) => p.sku === c || p.gtin === c) ?? (found.length === 1 ? found[0] : undefined);
      if (!product) {
        setScanError(t('pos.sale.unknownCode', { code: c }));
        return;
      }
      const level = (await unwrap(api.GET('/api/v1/inventory', { params: { query: { sku: product.sku, locationCode: store } } }))).items[0];
      setScanError(null);
      setCode('');
      setLines((xs) =>
        xs.some((x) => x.sku === product.sku)
          ? xs.map((x) => (x.sku === product.sku ? { ...x, quantity: x.quantity + 1 } : x))
          : [...xs, { sku: product.sku, name: product.name, unitPrice: product.price, available: level?.available ?? 0, quantity: 1 }],
      );
      scanInput.current?.focus();
    });
  };

  const submit = () =>
    charge.run(
      () =>
        unwrap(
          api.POST('/api/v1/pos/sales', {
            body: {
              locationCode: store,
              receiptNumber: newReceiptNumber(),
              lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
              ...(customer.email.trim() ? { customer: { email: customer.email.trim(), name: customer.name.trim() || customer.email.trim() } } : {}),
              ...(tender === 'cash' ? { cash: { tendered: { amount: cash?.tendered ?? 0, currency } } } : { payment: { provider: 'sandbox' as const, paymentMethod: cardToken.trim() } }),
            },
          }),
        ),
      (r) => {
        setReceipt(r);
        setLines([]);
        setTendered('');
        setCustomer({ email: '', name: '' });
      },
    );

  if (receipt) return <PosReceipt receipt={receipt} onNext={() => setReceipt(null)} />;

  const short = tender === 'cash' && (!cash || cash.change < 0);
  return (
    <Stack>
      <Paper p="lg">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            addCode();
          }}
        >
          <Group align="flex-end">
            <TextInput ref={scanInput} size="lg" label={t('pos.sale.scan')} placeholder={t('pos.sale.scanPlaceholder')} value={code} onChange={(e) => setCode(e.currentTarget.value)} style={{ flex: 1 }} autoFocus />
            <Button size="lg" type="submit" loading={scan.busy} disabled={!code.trim()}>
              {t('pos.sale.add')}
            </Button>
          </Group>
        </form>
        {scanError && (
          <Alert color="red" mt="sm">
            {scanError}
          </Alert>
        )}
      </Paper>

      <Paper p="lg">
        <Table data-testid="pos-cart">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('pos.sale.sku')}</Table.Th>
              <Table.Th>{t('pos.sale.product')}</Table.Th>
              <Table.Th ta="right">{t('pos.sale.available')}</Table.Th>
              <Table.Th>{t('pos.sale.quantity')}</Table.Th>
              <Table.Th ta="right">{t('pos.sale.lineTotal')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed">{t('pos.sale.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
            {lines.map((l) => (
              <Table.Tr key={l.sku}>
                <Table.Td>{l.sku}</Table.Td>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td ta="right" c={l.quantity > l.available ? 'red' : undefined}>
                  {l.available}
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={t('pos.sale.quantityOf', { sku: l.sku })}
                    min={1}
                    max={10000}
                    allowDecimal={false}
                    value={l.quantity}
                    onChange={(v) => setLines((xs) => xs.map((x) => (x.sku === l.sku ? { ...x, quantity: Math.max(1, Number(v) || 1) } : x)))}
                    w={90}
                  />
                </Table.Td>
                <Table.Td ta="right">{formatMoney({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency })}</Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={t('pos.sale.remove', { sku: l.sku })} onClick={() => setLines((xs) => xs.filter((x) => x.sku !== l.sku))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end" mt="md">
          <Text fw={700} size="xl" data-testid="pos-total">
            {t('pos.sale.total')}: {formatMoney({ amount: total, currency })}
          </Text>
        </Group>
      </Paper>

      <Paper p="lg">
        <Stack>
          <Text fw={600}>{t('pos.sale.customer')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('pos.sale.customerEmail')} value={customer.email} onChange={(e) => setCustomer({ ...customer, email: e.currentTarget.value })} />
            <TextInput label={t('pos.sale.customerName')} value={customer.name} onChange={(e) => setCustomer({ ...customer, name: e.currentTarget.value })} />
          </SimpleGrid>
          <SegmentedControl
            aria-label={t('pos.sale.tender')}
            value={tender}
            onChange={(v) => setTender(v as 'cash' | 'card')}
            data={[
              { value: 'cash', label: t('pos.sale.cash') },
              { value: 'card', label: t('pos.sale.card') },
            ]}
            maw={320}
          />
          {tender === 'cash' ? (
            <Group align="flex-end">
              <TextInput label={t('pos.sale.tendered')} value={tendered} onChange={(e) => setTendered(e.currentTarget.value)} inputMode="decimal" w={200} />
              <Text size="xl" fw={700} data-testid="pos-change" c={cash && cash.change < 0 ? 'red' : undefined}>
                {cash === null ? '' : cash.change < 0 ? t('pos.sale.stillDue', { amount: formatMoney({ amount: -cash.change, currency }) }) : t('pos.sale.changeDue', { amount: formatMoney({ amount: cash.change, currency }) })}
              </Text>
            </Group>
          ) : (
            <TextInput label={t('pos.sale.cardToken')} value={cardToken} onChange={(e) => setCardToken(e.currentTarget.value)} maw={360} />
          )}
          <Group justify="flex-end">
            <Button size="lg" onClick={() => void submit()} loading={charge.busy} disabled={lines.length === 0 || short || (tender === 'card' && !cardToken.trim())}>
              {t('pos.sale.charge', { amount: formatMoney({ amount: total, currency }) })}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
