import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Checkbox, Group, NumberInput, Paper, PinInput, Select, Stack, Text, Title } from '@mantine/core';
import { IconBox, IconCheck, IconFileTypePdf, IconPlus, IconPrinter, IconTruckDelivery } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { ApiError, unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { CartonsEditor, PackedCartons } from './cartons';
import { ActorName } from '../../components/actor-name';
import { BuyLabel } from '../shipping/buy-label';
import { formatDateTime } from '../../lib/format';
import { useTranslation } from 'react-i18next';

type FO = Schemas['FulfillmentOrder'];
type Shipment = Schemas['Shipment'] | Schemas['ShipmentSummary'];

/** Customization steps to confirm before packing (engraving, gift message…). */
export function WorkSteps({ fo, onChange }: { fo: FO; onChange: (fo: FO) => void }) {
  const { t } = useTranslation();
  const { run, busy } = useSubmit();
  if (!fo.workSteps.length) return null;
  return (
    <Paper p="md" withBorder>
      <Title order={3} fz="lg" mb="sm">{t('fulfillment.pack.workSteps')}</Title>
      <Stack gap="sm">
        {fo.workSteps.map((s) => {
          const line = fo.lines.find((l) => l.id === s.lineId);
          return (
            <Group key={s.id} justify="space-between" wrap="nowrap" data-testid={`step-${s.kind}`}>
              <div>
                <Text fw={600}>{s.label} · {line?.sku}</Text>
                {Object.values(s.values).map((v) => (
                  <Text key={v} size="lg" ff="monospace">“{v}”</Text>
                ))}
                {s.confirmed && <Text size="xs" c="dimmed">{t('fulfillment.pack.doneBy')} <ActorName id={s.completedBy} /></Text>}
              </div>
              {s.confirmed ? (
                <Checkbox checked readOnly label={t('fulfillment.pack.done')} color="green" />
              ) : (
                <Button
                  onClick={() => run(() => unwrap(api.POST('/api/v1/fulfillment-orders/{id}/work-steps/{stepId}/complete', { params: { path: { id: fo.id, stepId: s.id } }, body: {} })), onChange)}
                  loading={busy}
                  disabled={!line || line.remaining > 0 || line.picked === 0}
                >
                  {t('fulfillment.pack.confirmDone')}
                </Button>
              )}
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}

/**
 * Step 2 at the pack station: the label just bought (or already on the fulfillment order), shown and
 * printed without leaving the station. Printing goes through a hidden frame holding the label PDF.
 */
function LabelToPrint({ shipment }: { shipment: Shipment }) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const [printed, setPrinted] = useState(false);
  const href = `/api/v1/shipments/${shipment.id}/label.pdf`;
  const fromOrdo = shipment.labelSource === 'ordo';
  const print = () => {
    setPrinted(true);
    const w = frame.current?.contentWindow;
    try {
      w?.focus();
      w?.print();
    } catch {
      window.open(href, '_blank', 'noopener');
    }
  };
  return (
    <Paper p="md" withBorder data-testid="station-label">
      <Title order={4} mb="xs">{t('fulfillment.pack.printStep')}</Title>
      <Text size="sm" mb="xs">
        {shipment.carrier} {shipment.service} · <span className="mono" data-testid="station-tracking">{shipment.trackingNumbers.join(', ')}</span>
      </Text>
      {fromOrdo ? (
        <>
          <iframe ref={frame} src={href} title={t('fulfillment.pack.shippingLabel')} style={{ width: '100%', height: 320, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }} />
          <Group mt="sm">
            <Button size="lg" leftSection={printed ? <IconCheck /> : <IconPrinter />} variant={printed ? 'light' : 'filled'} onClick={print}>
              {printed ? t('fulfillment.pack.printAgain') : t('fulfillment.pack.printLabel')}
            </Button>
            <Anchor href={href} target="_blank" rel="noreferrer" data-testid="station-label-pdf">
              <Group gap={4}><IconFileTypePdf size={18} /> {t('fulfillment.pack.labelPdf')}</Group>
            </Anchor>
          </Group>
        </>
      ) : (
        <Text size="sm" c="dimmed">{t('fulfillment.pack.labelOutside')}</Text>
      )}
      <Anchor component={Link} to={`/shipments/${shipment.id}`} size="sm" mt="xs" display="block">
        {t('fulfillment.pack.shipmentDetails')}
      </Anchor>
    </Paper>
  );
}

/**
 * The pack station: suggested carton, measured weight (or "Add carton" to pack into several), packing
 * slip; then, for a shipment, in this order and without leaving the station: 1. buy the label,
 * 2. print it, 3. hand off — or ready for store pickup.
 */
export function PackStation({ fo, onChange, canWrite = true }: { fo: FO; onChange: (fo: FO) => void; canWrite?: boolean }) {
  const { t } = useTranslation();
  const canPack = fo.status === 'picked' || fo.status === 'packing';
  const suggestion = useQuery((signal) => unwrap(api.GET('/api/v1/fulfillment-orders/{id}/box-suggestion', { signal, params: { path: { id: fo.id } } })), [fo.id, fo.status], { enabled: canPack });
  const boxes = useQuery((signal) => unwrap(api.GET('/api/v1/boxes', { signal, params: { query: { active: 'true' as never } } })), [], { enabled: canPack });
  const [box, setBox] = useState<string | null>(null);
  const [weight, setWeight] = useState<number | string>('');
  const [several, setSeveral] = useState(false);
  const [code, setCode] = useState('');
  const [shownCode, setShownCode] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const { run, busy } = useSubmit();
  useEffect(() => {
    if (suggestion.data?.boxCode && !box) setBox(suggestion.data.boxCode);
  }, [suggestion.data, box]);
  const openSteps = fo.workSteps.filter((s) => !s.confirmed).length;
  const boxOptions = (boxes.data?.items ?? []).map((b) => ({ value: b.code, label: `${b.code} — ${b.name}` }));
  const slip = `/api/v1/fulfillment-orders/${fo.id}/packing-slip.pdf`;
  const shipping = fo.type === 'ship' && (fo.status === 'packed' || fo.status === 'handed_off');
  const [bought, setBought] = useState<Shipment | null>(null);
  const shipments = useQuery((signal) => unwrap(api.GET('/api/v1/shipments', { signal, params: { query: { orderId: fo.orderId, limit: 200 } } })), [fo.id, fo.status], { enabled: shipping });
  const label = bought ?? (shipments.data?.items ?? []).find((s) => s.fulfillmentOrderId === fo.id && s.status !== 'voided') ?? null;

  return (
    <Paper p="md" withBorder>
      <Title order={3} fz="lg" mb="sm">{t('fulfillment.pack.title')}</Title>
      {canPack && several && (
        <CartonsEditor
          fo={fo}
          boxes={boxOptions}
          firstBox={box}
          onPacked={(next) => {
            setSeveral(false);
            onChange(next);
          }}
          onSingle={() => setSeveral(false)}
        />
      )}
      {canPack && !several && (
        <Stack>
          {suggestion.data && (
            <Alert color={suggestion.data.boxCode ? 'blue' : 'orange'} icon={<IconBox />} data-testid="box-suggestion">
              {suggestion.data.boxCode ? t('fulfillment.pack.suggested', { box: suggestion.data.boxCode, grams: suggestion.data.grossWeightGrams }) : suggestion.data.reason}
            </Alert>
          )}
          <Group align="flex-end" wrap="wrap">
            <Select label={t('fulfillment.pack.box')} w={200} data={boxOptions} value={box} onChange={setBox} />
            <NumberInput label={t('fulfillment.pack.weight')} description={t('fulfillment.pack.weightHint')} min={1} allowDecimal={false} w={180} value={weight} onChange={setWeight} />
          </Group>
          {openSteps > 0 && <Text c="orange" size="sm">{t('fulfillment.pack.confirmSteps', { count: openSteps })}</Text>}
          <Group wrap="wrap">
            <Button
              size="lg"
              leftSection={<IconBox />}
              disabled={openSteps > 0}
              loading={busy}
              onClick={() =>
                run(() => unwrap(api.POST('/api/v1/fulfillment-orders/{id}/pack', { params: { path: { id: fo.id } }, body: { boxCode: box ?? undefined, weightGrams: weight === '' ? undefined : Number(weight) } })), onChange)
              }
            >
              {t('fulfillment.pack.pack')}
            </Button>
            <Button size="lg" variant="default" leftSection={<IconPlus />} disabled={openSteps > 0} onClick={() => setSeveral(true)}>
              {t('fulfillment.pack.addCarton')}
            </Button>
          </Group>
        </Stack>
      )}
      {fo.package && (
        <Stack gap="sm">
          <PackedCartons fo={fo} />
          <Anchor href={slip} target="_blank" rel="noreferrer">
            <Group gap={4}><IconFileTypePdf size={18} /> {t('fulfillment.pack.slipPdf')}</Group>
          </Anchor>
        </Stack>
      )}
      {shipping && (
        <Stack mt="md" gap="md">
          {fo.status === 'packed' && canWrite && !label && !shipments.loading && <BuyLabel fo={fo} onBought={setBought} title={t('fulfillment.pack.buyStep')} />}
          {label && <LabelToPrint key={label.id} shipment={label} />}
          {fo.status === 'packed' && (
            <div>
              <Title order={4} mb="xs">{t('fulfillment.pack.handOffStep')}</Title>
              {!label && <Text size="sm" c="dimmed" mb="xs">{t('fulfillment.pack.noLabel')}</Text>}
              <Button size="lg" color="teal" variant={label ? 'filled' : 'light'} leftSection={<IconTruckDelivery />} loading={busy} onClick={() => run(() => unwrap(api.POST('/api/v1/fulfillment-orders/{id}/hand-off', { params: { path: { id: fo.id } } })), onChange)}>
                {t('fulfillment.pack.handOff')}
              </Button>
            </div>
          )}
        </Stack>
      )}
      {fo.status === 'packed' && fo.type === 'pickup' && (
        <Button mt="md" size="lg" color="orange" loading={busy} onClick={() => run(() => unwrap(api.POST('/api/v1/fulfillment-orders/{id}/ready-for-pickup', { params: { path: { id: fo.id } } })), (r) => { setShownCode(r.code); onChange(r.fulfillmentOrder); })}>
          {t('fulfillment.pack.readyForPickup')}
        </Button>
      )}
      {shownCode && (
        <Alert mt="md" color="orange" title={t('fulfillment.pack.pickupCode')} data-testid="pickup-code">
          <Text size="xl" fw={800} ff="monospace">{shownCode}</Text>
          <Text size="sm">{t('fulfillment.pack.pickupCodeHint')}</Text>
        </Alert>
      )}
      {fo.status === 'ready_for_pickup' && (
        <Stack mt="md" gap="xs">
          <Text fw={600}>{t('fulfillment.pack.enterCode')}</Text>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setCodeError(null);
              unwrap(api.POST('/api/v1/fulfillment-orders/{id}/picked-up', { params: { path: { id: fo.id } }, body: { code } })).then(onChange, (err: unknown) => {
                setCodeError(err instanceof ApiError ? err.problem.detail : String(err));
                setCode('');
              });
            }}
          >
            <Group>
              <PinInput length={6} type="number" size="lg" value={code} onChange={setCode} aria-label={t('fulfillment.pack.pickupCodeLabel')} oneTimeCode />
              <Button type="submit" size="lg" disabled={code.length !== 6}>{t('fulfillment.pack.handedToCustomer')}</Button>
            </Group>
          </form>
          {codeError && <Alert color="red" variant="filled" role="alert" data-testid="pickup-error">{codeError}</Alert>}
          {fo.pickupExpiresAt && <Text size="xs" c="dimmed">{t('fulfillment.pack.pickupExpires', { date: formatDateTime(fo.pickupExpiresAt) })}</Text>}
        </Stack>
      )}
      {!canPack && !fo.package && <Text c="dimmed">{t('fulfillment.pack.notYet')}</Text>}
    </Paper>
  );
}
