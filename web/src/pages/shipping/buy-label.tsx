import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Group, Paper, Select, Text, Title } from '@mantine/core';
import { IconTruckDelivery } from '@tabler/icons-react';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useSubmit } from '../../api/hooks';

/**
 * "Buy label" on a packed ship fulfillment order: rate-shops the built-in carrier (cheapest meeting
 * the promise, or of the chosen level) and opens the new shipment with its label.
 */
export function BuyLabel({ fo }: { fo: { id: string; status: string; type: string } }) {
  const navigate = useNavigate();
  const [level, setLevel] = useState<string | null>(null);
  const { run, busy } = useSubmit();
  if (fo.type !== 'ship' || fo.status !== 'packed') return null;
  const buy = () =>
    run(() => unwrap(api.POST('/api/v1/fulfillment-orders/{id}/shipments', { params: { path: { id: fo.id } }, body: level ? { level } : {} })), (s) => navigate(`/shipments/${s.id}`));
  return (
    <Paper p="md" mb="md">
      <Title order={4} mb="xs">Shipping label</Title>
      <Text size="sm" c="dimmed" mb="sm">Rate-shops every service and buys the cheapest that meets the promised date.</Text>
      <Group align="flex-end">
        <Select label="Level" placeholder="Any (cheapest on time)" clearable w={220} data={[{ value: 'standard', label: 'Standard' }, { value: 'express', label: 'Express' }]} value={level} onChange={setLevel} />
        <Button size="md" leftSection={<IconTruckDelivery size={18} />} loading={busy} onClick={buy}>Buy label</Button>
      </Group>
    </Paper>
  );
}
