import { Badge, Group, Stack, Text } from '@mantine/core';
import type { Schemas } from '../../api/client';
import { useTranslation } from 'react-i18next';

type Reason = Schemas['RiskReason'];

/** Score as a coloured badge: green below 30, orange below 60, red from 60. */
export function ScoreBadge({ score }: { score: number | null }) {
  const { t } = useTranslation();
  if (score === null) return <Badge color="gray" variant="light">{t('risk.riskReasons.manual')}</Badge>;
  const color = score >= 60 ? 'red' : score >= 30 ? 'orange' : 'teal';
  return (
    <Badge color={color} variant="light" size="lg" aria-label={t('risk.scoreLabel', { score })}>
      {score}
    </Badge>
  );
}

/** The rules that fired, each with its points and explanation. */
export function RiskReasons({ reasons }: { reasons: Reason[] }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return <Text size="sm" c="dimmed">{t('risk.riskReasons.noRuleHit')}</Text>;
  return (
    <Stack gap={4} data-testid="risk-reasons" miw={220} maw={380}>
      {reasons.map((r) => (
        <Group key={r.rule + r.message} gap={8} wrap="nowrap" align="flex-start">
          <Badge size="sm" variant="light" color="gray" miw={44} style={{ flexShrink: 0 }}>+{r.points}</Badge>
          <Text size="sm" lh={1.35}>{r.message}</Text>
        </Group>
      ))}
    </Stack>
  );
}
