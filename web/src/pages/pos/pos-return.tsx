import { useState } from 'react';
import { Alert, Button, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { formatMoney } from '../../lib/format';
import { returnConditions, returnLabel, returnReasons } from '../returns/return-badges';

type Receipt = Schemas['PosReceipt'];
type Reason = (typeof returnReasons)[number];
type Condition = (typeof returnConditions)[number];
interface Pick {
  quantity: number;
  reason: Reason;
  condition: Condition;
}

/** A return at the counter: find the sale by its order number, pick the lines coming back, refund. */
export default function PosReturn({ store }: { store: string }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [sale, setSale] = useState<Receipt | null>(null);
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const [done, setDone] = useState<{ number: string; refunded: Schemas['Money'] } | null>(null);
  const find = useSubmit();
  const refund = useSubmit();

  const lookUp = () =>
    find.run(
      () => unwrap(api.GET('/api/v1/pos/receipts/{number}', { params: { path: { number: number.trim() } } })),
      (r) => {
        setSale(r);
        setPicks({});
        setDone(null);
      },
    );
  const returnable = (l: Receipt['lines'][number]) => l.quantities.delivered - l.quantities.returned;
  const chosen = Object.entries(picks).filter(([, p]) => p.quantity > 0);
  const submit = () =>
    sale &&
    refund.run(
      () =>
        unwrap(
          api.POST('/api/v1/pos/returns', {
            body: { locationCode: store, orderId: sale.id, lines: chosen.map(([orderLineId, p]) => ({ orderLineId, quantity: p.quantity, reason: p.reason, condition: p.condition })) },
          }),
        ),
      (r) => {
        setDone({ number: r.return.number, refunded: r.refunded });
        setSale(null);
        setNumber('');
      },
    );
  const set = (lineId: string, patch: Partial<Pick>) => setPicks((ps) => ({ ...ps, [lineId]: { quantity: 0, reason: 'changed_mind', condition: 'new', ...ps[lineId], ...patch } }));

  return (
    <Stack>
      <Paper p="lg">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void lookUp();
          }}
        >
          <Group align="flex-end">
            <TextInput size="lg" label={t('pos.return.orderNumber')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} style={{ flex: 1 }} />
            <Button size="lg" type="submit" loading={find.busy} disabled={!number.trim()}>
              {t('pos.return.find')}
            </Button>
          </Group>
        </form>
      </Paper>
      {done && (
        <Alert color="green" icon={<IconCircleCheck />} data-testid="pos-return-result">
          {t('pos.return.done', { number: done.number, amount: formatMoney(done.refunded) })}
        </Alert>
      )}
      {sale && (
        <Paper p="lg">
          <Stack>
            <Text fw={700}>{t('pos.return.sale', { number: sale.number, name: sale.customer.name })}</Text>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('pos.sale.sku')}</Table.Th>
                  <Table.Th>{t('pos.sale.product')}</Table.Th>
                  <Table.Th>{t('pos.return.quantity')}</Table.Th>
                  <Table.Th>{t('pos.return.reason')}</Table.Th>
                  <Table.Th>{t('pos.return.condition')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sale.lines.map((l) => {
                  const max = returnable(l);
                  const p = picks[l.id];
                  return (
                    <Table.Tr key={l.id}>
                      <Table.Td>{l.sku}</Table.Td>
                      <Table.Td>{l.name}</Table.Td>
                      <Table.Td>
                        <Select
                          aria-label={t('pos.return.quantityOf', { sku: l.sku })}
                          data={Array.from({ length: max + 1 }, (_, i) => String(i))}
                          value={String(p?.quantity ?? 0)}
                          onChange={(v) => set(l.id, { quantity: Number(v ?? 0) })}
                          disabled={max === 0}
                          w={90}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Select aria-label={t('pos.return.reasonOf', { sku: l.sku })} data={returnReasons.map((r) => ({ value: r, label: returnLabel('reason', r) }))} value={p?.reason ?? 'changed_mind'} onChange={(v) => v && set(l.id, { reason: v as Reason })} />
                      </Table.Td>
                      <Table.Td>
                        <Select aria-label={t('pos.return.conditionOf', { sku: l.sku })} data={returnConditions.map((c) => ({ value: c, label: returnLabel('condition', c) }))} value={p?.condition ?? 'new'} onChange={(v) => v && set(l.id, { condition: v as Condition })} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Text size="sm" c="dimmed">
              {t('pos.return.paidWith', { methods: sale.payment.items.map((p) => (p.provider === 'cash' ? t('pos.sale.cash') : t('pos.sale.card'))).join(' + ') })}
            </Text>
            <Group justify="flex-end">
              <Button size="lg" onClick={() => void submit()} loading={refund.busy} disabled={chosen.length === 0}>
                {t('pos.return.refund')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
