import { useState } from 'react';
import { Button, Group, Tabs } from '@mantine/core';
import { IconAdjustments, IconArrowsExchange, IconClipboardCheck, IconHistory, IconStack2 } from '@tabler/icons-react';
import { useUser } from '../../auth/session';
import { can } from '../../auth/roles';
import { PageHeader } from '../../components/page-header';
import { useUrlFilters } from '../../components/url-state';
import { LevelsTab } from './levels-tab';
import { MovementsTab } from './movements-tab';
import { AdjustModal, CountModal, TransferModal } from './stock-modals';
import { useLocationOptions } from './use-locations';
import { useTranslation } from 'react-i18next';

type Dialog = 'adjust' | 'transfer' | 'count' | null;

export default function InventoryPage() {
  const { t } = useTranslation();
  const user = useUser();
  const filters = useUrlFilters();
  const tab = filters.get('tab') || 'levels';
  const [dialog, setDialog] = useState<Dialog>(null);
  const [version, setVersion] = useState(0);
  const locations = useLocationOptions();
  const write = can.writeInventory(user.role);
  const done = () => setVersion((v) => v + 1);

  return (
    <>
      <PageHeader
        title={t('inventory.title')}
        description={t('inventory.description')}
        actions={
          write && (
            <>
              <Button leftSection={<IconAdjustments size={16} />} onClick={() => setDialog('adjust')}>
                {t('inventory.adjustStock')}
              </Button>
              <Button variant="default" leftSection={<IconArrowsExchange size={16} />} onClick={() => setDialog('transfer')}>
                {t('inventory.transfer')}
              </Button>
              <Button variant="default" leftSection={<IconClipboardCheck size={16} />} onClick={() => setDialog('count')}>
                {t('inventory.cycleCount')}
              </Button>
            </>
          )
        }
      />
      <Tabs value={tab} onChange={(v) => filters.set({ tab: v === 'levels' ? null : v, sku: filters.get('sku') || null })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="levels" leftSection={<IconStack2 size={16} />}>
            {t('inventory.levels.title')}
          </Tabs.Tab>
          <Tabs.Tab value="movements" leftSection={<IconHistory size={16} />}>
            {t('inventory.movements.tab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="levels">
          <LevelsTab filters={filters} locations={locations} version={version} />
        </Tabs.Panel>
        <Tabs.Panel value="movements">
          <MovementsTab filters={filters} locations={locations} version={version} />
        </Tabs.Panel>
      </Tabs>
      <Group>
        {dialog === 'adjust' && <AdjustModal locations={locations} defaultSku={filters.get('sku')} onClose={() => setDialog(null)} onDone={done} />}
        {dialog === 'transfer' && <TransferModal locations={locations} defaultSku={filters.get('sku')} onClose={() => setDialog(null)} onDone={done} />}
        {dialog === 'count' && <CountModal locations={locations} onClose={() => setDialog(null)} onDone={done} />}
      </Group>
    </>
  );
}
