import { Badge, Group, List, Text } from '@mantine/core';
import type { Schemas } from '../../api/client';

type Reason = Schemas['RiskReason'];

/** Score as a coloured badge: green below 30, orange below 60, red from 60. */
export function ScoreBadge({ score }: { score: number | null }) {
  if (score === null) return <Badge color="gray" variant="light">Manual</Badge>;
  const color = score >= 60 ? 'red' : score >= 30 ? 'orange' : 'teal';
  return (
    <Badge color={color} variant="light" size="lg" aria-label={`Risk score ${score}`}>
      {score}
    </Badge>
  );
}

/** The rules that fired, each with its points and explanation. */
export function RiskReasons({ reasons }: { reasons: Reason[] }) {
  if (reasons.length === 0) return <Text size="sm" c="dimmed">No rule hit</Text>;
  return (
    <List size="sm" spacing={2} data-testid="risk-reasons">
      {reasons.map((r) => (
        <List.Item key={r.rule + r.message}>
          <Group gap={6} wrap="nowrap" align="baseline">
            <Badge size="xs" variant="outline" color="gray">+{r.points}</Badge>
            <Text size="sm">{r.message}</Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}
