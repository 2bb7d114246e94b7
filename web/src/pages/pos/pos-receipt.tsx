import { Button, Divider, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { formatDateTime, formatMoney } from '../../lib/format';

/** The receipt of a sale, printable (the browser's print prints only the receipt: `.no-print` hides the rest). */
export default function PosReceipt({ receipt, onNext }: { receipt: Schemas['PosReceipt']; onNext: () => void }) {
  const { t } = useTranslation();
  const totals = receipt.totals;
  return (
    <Stack>
      <Paper p="lg" maw={420} data-testid="pos-receipt" className="pos-receipt">
        <Stack gap="xs">
          <Text fw={700} size="lg">
            {t('pos.receipt.title', { number: receipt.number })}
          </Text>
          <Text size="sm" c="dimmed">
            {receipt.delivery.method === 'pickup' ? receipt.delivery.locationCode : ''} · {formatDateTime(receipt.placedAt)}
          </Text>
          <Table>
            <Table.Tbody>
              {receipt.lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>
                    {l.quantities.ordered} × {l.name}
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(l.lineTotal)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Divider />
          <Group justify="space-between">
            <Text fw={700}>{t('pos.sale.total')}</Text>
            <Text fw={700}>{formatMoney(totals?.total)}</Text>
          </Group>
          {receipt.payment.items.map((p) => (
            <Stack key={p.id} gap={2}>
              <Group justify="space-between">
                <Text>{p.provider === 'cash' ? t('pos.sale.cash') : t('pos.sale.card')}</Text>
                <Text>{formatMoney(p.captured)}</Text>
              </Group>
              {p.tendered && (
                <>
                  <Group justify="space-between">
                    <Text size="sm">{t('pos.receipt.tendered')}</Text>
                    <Text size="sm">{formatMoney(p.tendered)}</Text>
                  </Group>
                  <Group justify="space-between" data-testid="pos-receipt-change">
                    <Text size="sm" fw={600}>
                      {t('pos.receipt.change')}
                    </Text>
                    <Text size="sm" fw={600}>
                      {formatMoney(p.change)}
                    </Text>
                  </Group>
                </>
              )}
            </Stack>
          ))}
        </Stack>
      </Paper>
      <Group className="no-print">
        <Button leftSection={<IconPrinter size={16} />} variant="default" onClick={() => window.print()}>
          {t('pos.receipt.print')}
        </Button>
        <Button onClick={onNext}>{t('pos.receipt.next')}</Button>
      </Group>
    </Stack>
  );
}
