import { useState } from 'react';
import { Alert, Button, Group, NumberInput, Paper, Select, Stack, Text } from '@mantine/core';
import { IconBox, IconPlus, IconTrash } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { ApiError, unwrap } from '../../api/problem';
import { useTranslation } from 'react-i18next';

type FO = Schemas['FulfillmentOrder'];
type Carton = { key: number; box: string | null; weight: number | string; qty: Record<string, number | string> };

let nextKey = 1;
const emptyCarton = (box: string | null, qty: Record<string, number>): Carton => ({ key: nextKey++, box, weight: '', qty });
const count = (v: number | string | undefined) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0);

/** "Package 1 of 2: box S · 680 g · 200×150×100 mm · 2 × MUG-1" — one line per packed carton. */
export function PackedCartons({ fo }: { fo: FO }) {
  const { t } = useTranslation();
  const n = fo.packages.length;
  return (
    <Stack gap={4} data-testid="package">
      {fo.packages.map((p) => {
        const size = `${p.weightGrams} g · ${p.dimensionsMm.length}×${p.dimensionsMm.width}×${p.dimensionsMm.height} mm`;
        const contents = p.contents?.map((c) => `${c.quantity} × ${c.sku}`).join(', ');
        return (
          <Text key={p.seq} data-testid={`package-${p.seq}`}>
            {n === 1 ? t('fulfillment.cartons.packedIn') : t('fulfillment.cartons.packageOf', { seq: p.seq, n })}
            <b>{p.boxCode ?? t('fulfillment.cartons.ownCarton')}</b> · {size}
            {contents && n > 1 ? ` · ${contents}` : ''}
          </Text>
        );
      })}
    </Stack>
  );
}

/**
 * Packing into several cartons: each carton gets a box and how many of each picked line go in; the
 * balance shows what is not in a carton yet, and "Pack" is enabled once every picked unit is in
 * exactly one. API field errors (`packages.N.…`) appear under their carton.
 */
export function CartonsEditor({ fo, boxes, firstBox, onPacked, onSingle }: {
  fo: FO;
  boxes: Array<{ value: string; label: string }>;
  firstBox: string | null;
  onPacked: (fo: FO) => void;
  onSingle: () => void;
}) {
  const { t } = useTranslation();
  const lines = fo.lines.filter((l) => l.picked > 0);
  const [cartons, setCartons] = useState<Carton[]>(() => [
    emptyCarton(firstBox, Object.fromEntries(lines.map((l) => [l.id, l.picked]))),
    emptyCarton(null, Object.fromEntries(lines.map((l) => [l.id, 0]))),
  ]);
  const [errors, setErrors] = useState<{ byCarton: Record<number, string[]>; other: string | null }>({ byCarton: {}, other: null });
  const [busy, setBusy] = useState(false);

  const change = (key: number, patch: Partial<Carton>) => setCartons((cs) => cs.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const left = lines.map((l) => ({ sku: l.sku, n: l.picked - cartons.reduce((s, c) => s + count(c.qty[l.id]), 0) })).filter((x) => x.n !== 0);
  const empty = cartons.some((c) => lines.every((l) => count(c.qty[l.id]) === 0));
  const ready = left.length === 0 && !empty && cartons.every((c) => c.box);

  const pack = async () => {
    setBusy(true);
    setErrors({ byCarton: {}, other: null });
    const packages = cartons.map((c) => ({
      boxCode: c.box ?? undefined,
      weightGrams: count(c.weight) || undefined,
      contents: lines.filter((l) => count(c.qty[l.id]) > 0).map((l) => ({ lineId: l.id, quantity: count(c.qty[l.id]) })),
    }));
    try {
      onPacked(await unwrap(api.POST('/api/v1/fulfillment-orders/{id}/pack', { params: { path: { id: fo.id } }, body: { packages } })));
    } catch (err) {
      if (!(err instanceof ApiError)) return setErrors({ byCarton: {}, other: String(err) });
      const byCarton: Record<number, string[]> = {};
      for (const fe of err.fieldErrors) {
        const m = /^packages\.(\d+)\.?(.*)$/.exec(fe.path);
        if (m) (byCarton[Number(m[1])] ??= []).push(`${m[2] || 'carton'}: ${fe.message}`);
      }
      setErrors({ byCarton, other: err.problem.detail ?? err.problem.title });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="cartons">
      {cartons.map((c, i) => (
        <Paper key={c.key} p="sm" withBorder data-testid={`carton-${i + 1}`}>
          <Group justify="space-between" mb={4}>
            <Text fw={600}>{t('fulfillment.cartons.carton', { n: i + 1 })}</Text>
            {cartons.length > 1 && (
              <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setCartons((cs) => cs.filter((x) => x.key !== c.key))}>
                {t('fulfillment.cartons.remove')}
              </Button>
            )}
          </Group>
          <Group align="flex-end" wrap="wrap" gap="sm">
            <Select label={t('fulfillment.pack.box')} w={170} data={boxes} value={c.box} onChange={(v) => change(c.key, { box: v })} />
            <NumberInput label={t('fulfillment.pack.weight')} description={t('fulfillment.pack.weightHint')} min={1} allowDecimal={false} w={150} value={c.weight} onChange={(v) => change(c.key, { weight: v })} />
            {lines.map((l) => (
              <NumberInput
                key={l.id}
                label={l.sku}
                description={t('fulfillment.cartons.of', { n: l.picked })}
                min={0}
                max={l.picked}
                allowDecimal={false}
                w={110}
                value={c.qty[l.id] ?? 0}
                onChange={(v) => change(c.key, { qty: { ...c.qty, [l.id]: v } })}
              />
            ))}
          </Group>
          {errors.byCarton[i]?.map((e) => <Text key={e} c="red" size="sm">{e}</Text>)}
        </Paper>
      ))}
      <Text size="sm" c={left.length ? 'orange' : 'dimmed'} data-testid="carton-balance">
        {left.length
          ? left.map((x) => (x.n > 0 ? t('fulfillment.cartons.notInCarton', { n: x.n, sku: x.sku }) : t('fulfillment.cartons.tooMany', { n: -x.n, sku: x.sku }))).join(' · ')
          : empty ? t('fulfillment.cartons.needsItem') : t('fulfillment.cartons.allIn')}
      </Text>
      {errors.other && <Alert color="red" role="alert" data-testid="pack-error">{errors.other}</Alert>}
      <Group wrap="wrap">
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setCartons((cs) => [...cs, emptyCarton(null, Object.fromEntries(lines.map((l) => [l.id, 0])))])}>
          {t('fulfillment.pack.addCarton')}
        </Button>
        <Button size="lg" leftSection={<IconBox />} disabled={!ready} loading={busy} onClick={() => void pack()}>
          {t('fulfillment.cartons.packN', { count: cartons.length })}
        </Button>
        <Button variant="subtle" onClick={onSingle}>{t('fulfillment.cartons.oneBox')}</Button>
      </Group>
    </Stack>
  );
}
