import { Suspense } from 'react';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { AppShell, Avatar, Badge, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBuildingWarehouse, IconChevronDown, IconTruckLoading, IconBox, IconClipboardList, IconKey, IconLayoutDashboard, IconLock, IconLogout, IconPackage,
  IconRoute, IconShieldCheck, IconShoppingCart, IconStack2, IconUsers, IconUserCircle, IconAlertOctagon, IconBan, IconAdjustments, IconTruckDelivery, IconFileCheck, IconWebhook, IconLifebuoy, IconChartBar, IconTruck,
} from '@tabler/icons-react';
import { useSession, useUser } from '../auth/session';
import { can, roleLabels, type Role } from '../auth/roles';
import { Logo } from '../components/logo';
import { PageLoader } from '../components/page-loader';
import { ChangePasswordModal } from './change-password-modal';

interface NavItem {
  to: string;
  label: string;
  icon: typeof IconPackage;
  show?: (r: Role) => boolean;
}

const main: NavItem[] = [
  { to: '/', label: 'Dashboard', icon: IconLayoutDashboard },
  { to: '/orders', label: 'Orders', icon: IconShoppingCart },
  { to: '/inventory', label: 'Inventory', icon: IconStack2 },
  { to: '/fulfillment', label: 'Fulfillment', icon: IconTruckLoading },
  { to: '/boxes', label: 'Boxes', icon: IconBox, show: (r) => can.fulfil(r) || r === 'read-only' },
  { to: '/shipments', label: 'Shipments', icon: IconTruckDelivery },
  { to: '/manifests', label: 'Manifests', icon: IconFileCheck },
  { to: '/products', label: 'Products', icon: IconPackage },
  { to: '/locations', label: 'Locations', icon: IconBuildingWarehouse },
  { to: '/customers', label: 'Customers', icon: IconUsers, show: can.seeCustomers },
  { to: '/cases', label: 'Cases', icon: IconLifebuoy, show: can.seeCustomers },
  { to: '/reports', label: 'Reports', icon: IconChartBar, show: can.seeMoney },
  { to: '/purchasing', label: 'Purchasing', icon: IconTruck, show: (r) => r !== 'support' },
  { to: '/fraud-review', label: 'Fraud review', icon: IconAlertOctagon, show: can.reviewRisk },
  { to: '/blocklist', label: 'Blocklist', icon: IconBan, show: can.reviewRisk },
  { to: '/sourcing/what-if', label: 'Sourcing → What-if', icon: IconRoute, show: can.manageSourcing },
];
const admin: NavItem[] = [
  { to: '/risk-settings', label: 'Risk settings', icon: IconAdjustments, show: can.riskSettings },
  { to: '/users', label: 'Users', icon: IconUserCircle, show: can.admin },
  { to: '/api-keys', label: 'API keys', icon: IconKey, show: can.admin },
  { to: '/audit-log', label: 'Audit log', icon: IconClipboardList, show: can.admin },
  { to: '/event-delivery', label: 'Event delivery', icon: IconStack2, show: can.admin },
  { to: '/webhooks', label: 'Webhooks', icon: IconWebhook, show: can.admin },
];

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');

export default function AppLayout() {
  const user = useUser();
  const { signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const [pwOpen, pw] = useDisclosure(false);
  const location = useLocation();

  const renderItem = (item: NavItem) => {
    if (item.show && !item.show(user.role)) return null;
    const active = item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to);
    return (
      <NavLink
        key={item.to}
        component={RouterLink}
        to={item.to}
        label={item.label}
        leftSection={<item.icon size={18} stroke={1.7} aria-hidden />}
        active={active}
        onClick={close}
        variant="light"
        style={{ borderRadius: 'var(--mantine-radius-md)' }}
        fw={500}
      />
    );
  };
  const adminItems = admin.filter((i) => !i.show || i.show(user.role));

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 232, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <RouterLink to="/" aria-label="Ordo dashboard" style={{ textDecoration: 'none', color: 'inherit' }}>
              <Logo />
            </RouterLink>
          </Group>
          <Menu position="bottom-end" width={220} shadow="md">
            <Menu.Target>
              <UnstyledButton aria-label={`Account menu for ${user.name}`} px="xs" py={4} style={{ borderRadius: 'var(--mantine-radius-md)' }}>
                <Group gap="sm" wrap="nowrap">
                  <Avatar color="ordo" radius="xl" size={34}>
                    {initials(user.name || user.email)}
                  </Avatar>
                  <Stack gap={0} visibleFrom="sm">
                    <Text size="sm" fw={600} lh={1.2}>
                      {user.name}
                    </Text>
                    <Text size="xs" c="dimmed" lh={1.2}>
                      {roleLabels[user.role]}
                    </Text>
                  </Stack>
                  <IconChevronDown size={14} aria-hidden />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{user.email}</Menu.Label>
              <Menu.Item leftSection={<IconLock size={16} />} onClick={pw.open}>
                Change password
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={() => void signOut()}>
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>{main.map(renderItem)}</Stack>
          {adminItems.length > 0 && (
            <>
              <Group gap={6} mt="lg" mb={6} px="sm">
                <IconShieldCheck size={14} color="var(--mantine-color-dimmed)" aria-hidden />
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.5}>
                  Administration
                </Text>
              </Group>
              <Stack gap={2}>{adminItems.map(renderItem)}</Stack>
            </>
          )}
        </AppShell.Section>
        <AppShell.Section>
          <Badge variant="light" color="gray" fullWidth radius="sm">
            Signed in as {roleLabels[user.role]}
          </Badge>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <ChangePasswordModal opened={pwOpen} onClose={pw.close} />
    </AppShell>
  );
}
