import { useEffect } from 'react';
import { Alert, Button, Group, NumberInput, Paper, Skeleton, Stack, Switch, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../lib/format';
import { useTranslation } from 'react-i18next';

type Settings = Schemas['RiskSettings'];
type RuleId = keyof Settings['rules'];

const ruleLabels: Record<RuleId, string> = {
  firstOrderValue: 'First order above a value limit',
  valueVsAverage: 'Order far above the customer’s average',
  velocityEmail: 'Many orders from one email',
  velocityCustomer: 'Many orders from one customer',
  velocityIp: 'Many orders from one IP address',
  velocityPaymentFingerprint: 'Many orders with one payment card',
  countryMismatch: 'Billing and shipping country differ',
  addressDistance: 'Billing and shipping addresses far apart',
  avs: 'Address verification (AVS) failed',
  cvv: 'Card security code (CVV) failed',
  disposableEmail: 'Disposable email domain',
  blocklistEmail: 'Blocked email',
  blocklistAddress: 'Blocked address',
  blocklistPaymentFingerprint: 'Blocked payment card',
};
const ruleIds = Object.keys(ruleLabels) as RuleId[];

type FormValues = { threshold: number; rules: Record<RuleId, { enabled: boolean; points: number }> };

/** Threshold and per-rule weights and switches (admin, manager). Other parameters: PUT /risk/settings. */
export default function RiskSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery((signal) => unwrap(api.GET('/api/v1/risk/settings', { signal })), []);
  const form = useForm<FormValues>({ initialValues: { threshold: 60, rules: Object.fromEntries(ruleIds.map((id) => [id, { enabled: true, points: 0 }])) as FormValues['rules'] } });
  const { run, busy } = useSubmit(form);
  const s = settings.data;

  useEffect(() => {
    if (!s) return;
    form.setValues({ threshold: s.threshold, rules: Object.fromEntries(ruleIds.map((id) => [id, { enabled: s.rules[id].enabled, points: s.rules[id].points }])) as FormValues['rules'] });
    form.resetDirty();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s]);

  const save = (v: FormValues) =>
    run(() => unwrap(api.PUT('/api/v1/risk/settings', { body: { threshold: Number(v.threshold), rules: Object.fromEntries(ruleIds.map((id) => [id, { enabled: v.rules[id].enabled, points: Number(v.rules[id].points) }])) } })), () => {
      notifications.show({ color: 'teal', message: t('risk.riskSettings.riskSettingsSaved') });
      settings.reload();
    });

  return (
    <>
      <PageHeader title={t('risk.riskSettings.riskSettings')} description={t('risk.riskSettings.anOrderWhoseScore')} />
      {settings.error && <Alert color="red" icon={<IconAlertTriangle />} title={settings.error.problem.title} mb="md">{settings.error.problem.detail}</Alert>}
      {!s ? (
        <Skeleton h={400} />
      ) : (
        <form onSubmit={form.onSubmit((v) => void save(v))}>
          <Stack>
            <Paper p="lg">
              <Group align="flex-end" justify="space-between">
                <NumberInput label={t('risk.riskSettings.holdThreshold')} description={t('risk.riskSettings.score0100At')} min={1} max={100} allowDecimal={false} w={260} {...form.getInputProps('threshold')} />
                <Text size="xs" c="dimmed">{s.updatedAt ? t('risk.lastChanged', { date: formatDateTime(s.updatedAt), by: s.updatedBy }) : t('risk.defaults')}</Text>
              </Group>
            </Paper>
            <Paper p={0} style={{ overflow: 'auto' }}>
              <Table verticalSpacing="sm" horizontalSpacing="lg" aria-label={t('risk.riskSettings.riskRules')} miw={560}>
                <Table.Thead>
                  <Table.Tr><Table.Th>{t('risk.riskSettings.rule')}</Table.Th><Table.Th>{t('risk.riskSettings.on')}</Table.Th><Table.Th>{t('risk.riskSettings.points')}</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {ruleIds.map((id) => (
                    <Table.Tr key={id}>
                      <Table.Td><Text size="sm" fw={500}>{t(`risk.rule.${id}`, { defaultValue: ruleLabels[id] })}</Text><Text size="xs" c="dimmed">{id}</Text></Table.Td>
                      <Table.Td><Switch aria-label={t('risk.ruleEnabled', { rule: t(`risk.rule.${id}`, { defaultValue: ruleLabels[id] }) })} {...form.getInputProps(`rules.${id}.enabled`, { type: 'checkbox' })} /></Table.Td>
                      <Table.Td><NumberInput aria-label={t('risk.rulePoints', { rule: t(`risk.rule.${id}`, { defaultValue: ruleLabels[id] }) })} min={0} max={100} allowDecimal={false} w={100} {...form.getInputProps(`rules.${id}.points`)} /></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => settings.reload()} disabled={busy}>{t('risk.riskSettings.reset')}</Button>
              <Button type="submit" loading={busy}>{t('risk.riskSettings.saveSettings')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </>
  );
}
