import { useState } from 'react';
import { Select, Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery } from '../../api/hooks';
import PosSale from './pos-sale';
import PosReturn from './pos-return';

/**
 * The point of sale, for a store's till: choose the store once, then sell (scan into a cart, card or
 * cash with the change shown, a printable receipt) or take a return at the counter.
 */
export default function PosPage() {
  const { t } = useTranslation();
  const [store, setStore] = useState<string | null>(null);
  const locations = useQuery((signal) => unwrap(api.GET('/api/v1/locations', { signal })), []);
  const stores = (locations.data?.items ?? []).filter((l) => l.type === 'store' && l.canPickup);
  return (
    <Stack gap="lg" maw={1040} className="pos-page">
      <Title order={1} fz={26} className="no-print">
        {t('pos.title')}
      </Title>
      <Select
        className="no-print"
        label={t('pos.store')}
        placeholder={t('pos.storePlaceholder')}
        data={stores.map((s) => ({ value: s.code, label: `${s.code} · ${s.name}` }))}
        value={store}
        onChange={setStore}
        maw={360}
        searchable
      />
      {store && (
        <Tabs defaultValue="sale" keepMounted={false}>
          <Tabs.List className="no-print">
            <Tabs.Tab value="sale">{t('pos.tabs.sale')}</Tabs.Tab>
            <Tabs.Tab value="return">{t('pos.tabs.return')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="sale" pt="md">
            <PosSale store={store} />
          </Tabs.Panel>
          <Tabs.Panel value="return" pt="md">
            <PosReturn store={store} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
