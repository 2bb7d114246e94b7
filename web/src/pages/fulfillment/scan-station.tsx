import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Group, Modal, NumberInput, Paper, Progress, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconBarcode, IconCircleCheck } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { ApiError, unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';
import { useTranslation } from 'react-i18next';

type FO = Schemas['FulfillmentOrder'];
type Line = FO['lines'][number];

/** Lines in walk order: bins compared naturally (A-01-3 before A-01-10), no bin last. */
const walkOrder = (lines: Line[]) =>
  [...lines].sort((a, b) => (a.bin && b.bin ? a.bin.localeCompare(b.bin, undefined, { numeric: true, sensitivity: 'base' }) : a.bin ? -1 : b.bin ? 1 : 0) || a.sku.localeCompare(b.sku));

/**
 * The scan station: one big input that keeps the focus, so a keyboard-wedge scanner (types the code,
 * then Enter) works without touching the screen. A refused scan shows a red message and counts nothing.
 */
export function ScanStation({ fo, onChange }: { fo: FO; onChange: (fo: FO) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [shortLine, setShortLine] = useState<Line | null>(null);
  const scanning = fo.status === 'picking';

  const focus = () => window.setTimeout(() => input.current?.focus(), 0);
  useEffect(() => {
    if (scanning) focus();
  }, [scanning]);

  const submit = async () => {
    const value = code.trim();
    if (!value || busy) return;
    setBusy(true);
    try {
      const out = await unwrap(api.POST('/api/v1/fulfillment-orders/{id}/scan', { params: { path: { id: fo.id } }, body: { code: value } }));
      setResult({ ok: true, message: `${out.line.sku} · ${out.line.name}: ${t('fulfillment.scan.pickedOf', { picked: out.line.picked, of: out.line.quantity - out.line.short })}` });
      onChange(out.fulfillmentOrder);
    } catch (err) {
      setResult({ ok: false, message: err instanceof ApiError ? err.problem.detail : String(err) });
    } finally {
      setCode('');
      setBusy(false);
      focus();
    }
  };

  const total = fo.lines.reduce((s, l) => s + l.quantity - l.short, 0);
  const picked = fo.lines.reduce((s, l) => s + l.picked, 0);
  return (
    <Stack gap="md">
      {scanning && (
        <Paper p="md" withBorder>
          <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
            <TextInput
              ref={input}
              size="xl"
              label={t('fulfillment.scan.label')}
              description={t('fulfillment.scan.hint')}
              placeholder={t('fulfillment.scan.waiting')}
              leftSection={<IconBarcode size={28} />}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              onBlur={(e) => {
                // Keep the focus on the scan field unless the user moved to another control on purpose.
                if (!e.relatedTarget) focus();
              }}
              autoComplete="off"
              autoCorrect="off"
              spellCheck={false}
              inputMode="text"
              data-testid="scan-input"
            />
          </form>
          {result && (
            <Alert
              mt="md"
              color={result.ok ? 'green' : 'red'}
              variant={result.ok ? 'light' : 'filled'}
              icon={result.ok ? <IconCircleCheck /> : <IconAlertTriangle />}
              role={result.ok ? 'status' : 'alert'}
              data-testid={result.ok ? 'scan-ok' : 'scan-error'}
            >
              <Text fw={600} size="lg">{result.message}</Text>
            </Alert>
          )}
        </Paper>
      )}
      <Group justify="space-between">
        <Title order={3} fz="lg">{t('fulfillment.scan.pickList')}</Title>
        <Group gap="xs">
          <Progress value={total ? (100 * picked) / total : 0} w={160} size="lg" aria-label={t('fulfillment.scan.progress')} />
          <Text size="sm" fw={600} data-testid="pick-progress">{picked} / {total}</Text>
        </Group>
      </Group>
      <Paper p={0} withBorder style={{ overflowX: 'auto' }}>
        <Table verticalSpacing="sm" fz="md" miw={600}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('inventory.bin')}</Table.Th>
              <Table.Th>{t('fulfillment.scan.item')}</Table.Th>
              <Table.Th ta="right">{t('fulfillment.scan.picked')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {walkOrder(fo.lines).map((l) => (
              <Table.Tr key={l.id} data-testid={`line-${l.sku}`} bg={l.remaining === 0 ? 'var(--mantine-color-green-light)' : undefined}>
                <Table.Td><Text fw={700} ff="monospace">{l.bin ?? '—'}</Text></Table.Td>
                <Table.Td>
                  <Text fw={600}>{l.sku}</Text>
                  <Text size="sm" c="dimmed">{l.name}{l.gtin ? ` · ${l.gtin}` : ''}</Text>
                  {Object.entries(l.customization).map(([k, v]) => (
                    <Badge key={k} variant="light" color="grape" radius="sm" tt="none" mt={4}>{k}: {v}</Badge>
                  ))}
                </Table.Td>
                <Table.Td ta="right">
                  <Text fw={700} size="lg" data-testid={`picked-${l.sku}`}>{l.picked} / {l.quantity - l.short}</Text>
                  {l.short > 0 && <Text size="xs" c="red">{t('fulfillment.scan.short', { n: l.short, reason: l.shortReason ? t(`fulfillment.scan.reasons.${l.shortReason}`, { defaultValue: l.shortReason }) : '' })}</Text>}
                </Table.Td>
                <Table.Td ta="right">
                  {scanning && l.remaining > 0 && (
                    <Button size="xs" variant="default" onClick={() => setShortLine(l)}>{t('fulfillment.scan.shortButton')}</Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {shortLine && <ShortModal fo={fo} line={shortLine} onClose={() => { setShortLine(null); focus(); }} onDone={onChange} />}
    </Stack>
  );
}

function ShortModal({ fo, line, onClose, onDone }: { fo: FO; line: Line; onClose: () => void; onDone: (fo: FO) => void }) {
  const { t } = useTranslation();
  const [quantity, setQuantity] = useState<number | string>(line.remaining);
  const [reason, setReason] = useState<'not_found' | 'damaged' | 'other'>('not_found');
  const { run, busy } = useSubmit();
  const save = () =>
    run(
      () => unwrap(api.POST('/api/v1/fulfillment-orders/{id}/short', { params: { path: { id: fo.id } }, body: { lineId: line.id, quantity: Number(quantity), reason } })),
      (out) => { onDone(out); onClose(); },
    );
  return (
    <Modal opened onClose={onClose} title={t('fulfillment.scan.shortTitle', { sku: line.sku })} centered>
      <Stack>
        <Text size="sm">{t('fulfillment.scan.shortHint')}</Text>
        <NumberInput label={t('fulfillment.scan.missing')} min={1} max={line.remaining} allowDecimal={false} value={quantity} onChange={setQuantity} />
        <Select label={t('inventory.movements.reason')} data={(['not_found', 'damaged', 'other'] as const).map((r) => ({ value: r, label: t(`fulfillment.scan.reasons.${r}`) }))} value={reason} onChange={(v) => v && setReason(v as typeof reason)} allowDeselect={false} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color="red" onClick={save} loading={busy}>{t('fulfillment.scan.recordShort')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
