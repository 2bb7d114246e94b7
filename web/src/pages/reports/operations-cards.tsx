import { SimpleGrid } from '@mantine/core';
import { useUser } from '../../auth/session';
import { OnTimeDeliveryCard } from './on-time-delivery-card';
import { BackorderAgeingCard } from './backorder-ageing-card';
import { SellThroughCard } from './sell-through-card';

/**
 * The operations cards of the Reports page: on-time delivery and backorder ageing side by side, then
 * sell-through — which the API does not answer to support (stock figures), so support does not see it.
 */
export function OperationsCards({ from, to, enabled }: { from: string; to: string; enabled: boolean }) {
  const user = useUser();
  return (
    <>
      <SimpleGrid cols={{ base: 1, xl: 2 }} mb="md">
        <OnTimeDeliveryCard from={from} to={to} enabled={enabled} />
        <BackorderAgeingCard />
      </SimpleGrid>
      {user.role !== 'support' && <SellThroughCard from={from} to={to} enabled={enabled} />}
    </>
  );
}
