import { useRef, useState } from 'react';
import { Alert, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconTrash } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { formatMoney, humanize } from '../../lib/format';
import { ReturnStatusBadge, returnConditions, returnDispositions, returnLabel } from './return-badges';
import { useTranslation } from 'react-i18next';

type Return = Schemas['Return'];
type Condition = (typeof returnConditions)[number];
type Disposition = (typeof returnDispositions)[number];
interface Item {
  key: number;
  code: string;
  quantity: number;
  condition: Condition;
  disposition: Disposition;
}
interface Result {
  return: Return;
  refunded: Schemas['Money'];
  credited: Schemas['Money'];
  unexpected: Array<{ code: string; sku: string | null; quantity: number }>;
}

const receivable = new Set(['approved', 'label_issued', 'in_transit']);

/**
 * The receiving station, for a tablet at the returns bench: scan (or type) the return number, then each
 * item's code (GTIN or SKU), grade it and choose what happens to it; "Receive" books it all in one go.
 */
export default function ReceiveStation() {
  const [number, setNumber] = useState('');
  const [ret, setRet] = useState<Return | null>(null);
  const { t } = useTranslation();
  const [items, setItems] = useState<Item[]>([]);
  const [code, setCode] = useState('');
  const [locationCode, setLocationCode] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const nextKey = useRef(1);
  const codeInput = useRef<HTMLInputElement>(null);
  const locations = useQuery((signal) => unwrap(api.GET('/api/v1/locations', { signal })), []);
  const find = useSubmit();
  const receive = useSubmit();

  const lookUp = () =>
    find.run(
      () => unwrap(api.GET('/api/v1/returns/by-number/{number}', { params: { path: { number: number.trim() } } })),
      (r) => {
        setRet(r);
        setItems([]);
        setResult(null);
        setLocationCode((cur) => cur ?? r.label?.locationCode ?? null);
        window.setTimeout(() => codeInput.current?.focus(), 0);
      },
    );
  const addCode = () => {
    const c = code.trim();
    if (!c) return;
    setItems((xs) => [...xs, { key: nextKey.current++, code: c, quantity: 1, condition: 'new', disposition: 'restock' }]);
    setCode('');
  };
  const update = (key: number, patch: Partial<Item>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  const submit = () =>
    ret &&
    receive.run(
      () => unwrap(api.POST('/api/v1/returns/{id}/receive', { params: { path: { id: ret.id } }, body: { locationCode: locationCode ?? '', items: items.map(({ code: c, quantity, condition, disposition }) => ({ code: c, quantity, condition, disposition })) } })),
      (res) => {
        setResult(res);
        setRet(res.return);
        setItems([]);
      },
    );
  const reset = () => {
    setRet(null);
    setResult(null);
    setItems([]);
    setNumber('');
  };

  return (
    <Stack gap="lg" maw={960}>
      <Title order={1} fz={26}>
        {t('returns.list.receiving')}
      </Title>
      <Paper p="lg">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void lookUp();
          }}
        >
          <Group align="flex-end">
            <TextInput size="lg" label={t('returns.receive.number')} placeholder={t('returns.receive.numberPlaceholder')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} style={{ flex: 1 }} data-autofocus autoFocus />
            <Button size="lg" type="submit" loading={find.busy} disabled={!number.trim()}>
              {t('returns.receive.find')}
            </Button>
          </Group>
        </form>
      </Paper>

      {ret && (
        <Paper p="lg">
          <Stack>
            <Group justify="space-between">
              <Group gap="sm">
                <Text fw={700} size="xl">
                  {ret.number}
                </Text>
                <ReturnStatusBadge status={ret.status} />
              </Group>
              <Text size="sm" c="dimmed">
                {t('fulfillment.order.order')} {ret.orderNumber} · {returnLabel('resolution', ret.resolution)}
              </Text>
            </Group>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('returns.receive.expectedSku')}</Table.Th>
                  <Table.Th>{t('returns.list.units')}</Table.Th>
                  <Table.Th>{t('inventory.movements.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ret.lines.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>{l.sku}</Table.Td>
                    <Table.Td>{l.quantity}</Table.Td>
                    <Table.Td>{returnLabel('reason', l.reason)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>

            {!receivable.has(ret.status) && !result && (
              <Alert color="orange" icon={<IconAlertTriangle />} title={t('returns.receive.cannot')}>
                {t('returns.receive.cannotHint', { status: returnLabel('status', ret.status) })}
              </Alert>
            )}

            {receivable.has(ret.status) && (
              <>
                <Select size="lg" label={t('returns.receive.location')} required data={(locations.data?.items ?? []).map((l) => ({ value: l.code, label: `${l.code} · ${l.name}` }))} value={locationCode} onChange={setLocationCode} />
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    addCode();
                  }}
                >
                  <Group align="flex-end">
                    <TextInput ref={codeInput} size="lg" label={t('returns.receive.code')} placeholder={t('returns.receive.codePlaceholder')} value={code} onChange={(e) => setCode(e.currentTarget.value)} style={{ flex: 1 }} />
                    <Button size="lg" type="submit" variant="default" disabled={!code.trim()}>
                      {t('returns.receive.addItem')}
                    </Button>
                  </Group>
                </form>
                {items.map((it) => (
                  <Paper key={it.key} withBorder p="md" data-testid="receive-item">
                    <Group align="flex-end" wrap="wrap">
                      <Text fw={650} size="lg" miw={160}>
                        {it.code}
                      </Text>
                      <NumberInput size="lg" label={t('inventory.modals.quantity')} min={1} w={120} value={it.quantity} onChange={(v) => update(it.key, { quantity: typeof v === 'number' && v >= 1 ? v : 1 })} />
                      <Select size="lg" label={t('returns.receive.condition')} w={200} allowDeselect={false} data={returnConditions.map((c) => ({ value: c, label: returnLabel('condition', c) }))} value={it.condition} onChange={(v) => v && update(it.key, { condition: v as Condition })} />
                      <Select size="lg" label={t('returns.receive.disposition')} w={220} allowDeselect={false} data={returnDispositions.map((d) => ({ value: d, label: returnLabel('disposition', d) }))} value={it.disposition} onChange={(v) => v && update(it.key, { disposition: v as Disposition })} />
                      <Button size="lg" variant="subtle" color="red" aria-label={t('returns.receive.remove', { code: it.code })} onClick={() => setItems((xs) => xs.filter((x) => x.key !== it.key))}>
                        <IconTrash size={20} />
                      </Button>
                    </Group>
                  </Paper>
                ))}
                <Group justify="flex-end">
                  <Button size="xl" loading={receive.busy} disabled={items.length === 0 || !locationCode} onClick={() => void submit()}>
                    {t('returns.receive.receive')}
                  </Button>
                </Group>
              </>
            )}

            {result && (
              <Alert color="green" icon={<IconCircleCheck />} title={t('returns.receive.received', { status: returnLabel('status', result.return.status) })} data-testid="receive-result">
                <Stack gap={4}>
                  {result.refunded.amount > 0 && <Text size="sm">{t('returns.receive.refunded', { amount: formatMoney(result.refunded) })}</Text>}
                  {result.credited.amount > 0 && <Text size="sm">{t('returns.receive.credited', { amount: formatMoney(result.credited) })}</Text>}
                  {result.refunded.amount === 0 && result.credited.amount === 0 && <Text size="sm">{t('returns.receive.nothing')}</Text>}
                  {result.unexpected.length > 0 && <Text size="sm">{t('returns.receive.unexpected')} {result.unexpected.map((u) => `${u.quantity} × ${u.sku ?? u.code}`).join(', ')}</Text>}
                  <Group mt="xs">
                    <Button size="lg" variant="default" onClick={reset}>
                      {t('returns.receive.next')}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
