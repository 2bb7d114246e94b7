import { Suspense } from 'react';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { AppShell, Avatar, Badge, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBuildingWarehouse, IconChevronDown, IconTruckLoading, IconBox, IconClipboardList, IconKey, IconLayoutDashboard, IconLock, IconLogout, IconPackage,
  IconRoute, IconShieldCheck, IconShoppingCart, IconStack2, IconUsers, IconUserCircle, IconAlertOctagon, IconBan, IconAdjustments, IconTruckDelivery, IconFileCheck, IconWebhook, IconLifebuoy, IconChartBar, IconTruck,
  IconLanguage, IconSun, IconArrowBackUp,
  IconCash, IconUpload, IconMoon, IconDeviceDesktop, IconCheck,
} from '@tabler/icons-react';
import { useSession, useUser } from '../auth/session';
import { can, roleLabels, type Role } from '../auth/roles';
import { Logo } from '../components/logo';
import { PageLoader } from '../components/page-loader';
import { ChangePasswordModal } from './change-password-modal';
import { languages } from '../i18n';

interface NavItem {
  to: string;
  /** Translation key. */
  label: string;
  icon: typeof IconPackage;
  show?: (r: Role) => boolean;
}

const main: NavItem[] = [
  { to: '/', label: 'nav.dashboard', icon: IconLayoutDashboard },
  { to: '/orders', label: 'nav.orders', icon: IconShoppingCart },
  { to: '/inventory', label: 'nav.inventory', icon: IconStack2 },
  { to: '/fulfillment', label: 'nav.fulfillment', icon: IconTruckLoading },
  { to: '/boxes', label: 'nav.boxes', icon: IconBox, show: (r) => can.fulfil(r) || r === 'read-only' },
  { to: '/shipments', label: 'nav.shipments', icon: IconTruckDelivery },
  { to: '/manifests', label: 'nav.manifests', icon: IconFileCheck },
  { to: '/products', label: 'nav.products', icon: IconPackage },
  { to: '/locations', label: 'nav.locations', icon: IconBuildingWarehouse },
  { to: '/customers', label: 'nav.customers', icon: IconUsers, show: can.seeCustomers },
  { to: '/returns', label: 'nav.returns', icon: IconArrowBackUp },
  { to: '/pos', label: 'nav.pos', icon: IconCash, show: can.sellAtStore },
  { to: '/imports', label: 'nav.imports', icon: IconUpload, show: (r) => r === 'admin' || r === 'manager' },
  { to: '/cases', label: 'nav.cases', icon: IconLifebuoy, show: can.seeCustomers },
  { to: '/reports', label: 'nav.reports', icon: IconChartBar, show: can.seeMoney },
  { to: '/purchasing', label: 'nav.purchasing', icon: IconTruck, show: (r) => r !== 'support' },
  { to: '/fraud-review', label: 'nav.fraudReview', icon: IconAlertOctagon, show: can.reviewRisk },
  { to: '/blocklist', label: 'nav.blocklist', icon: IconBan, show: can.reviewRisk },
  { to: '/sourcing/what-if', label: 'nav.whatIf', icon: IconRoute, show: can.manageSourcing },
];
const admin: NavItem[] = [
  { to: '/risk-settings', label: 'nav.riskSettings', icon: IconAdjustments, show: can.riskSettings },
  { to: '/users', label: 'nav.users', icon: IconUserCircle, show: can.admin },
  { to: '/api-keys', label: 'nav.apiKeys', icon: IconKey, show: can.admin },
  { to: '/audit-log', label: 'nav.auditLog', icon: IconClipboardList, show: can.admin },
  { to: '/event-delivery', label: 'nav.eventDelivery', icon: IconStack2, show: can.admin },
  { to: '/webhooks', label: 'nav.webhooks', icon: IconWebhook, show: can.admin },
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
  const { t, i18n } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const schemes: Array<{ value: MantineColorScheme; label: string; icon: typeof IconSun }> = [
    { value: 'auto', label: t('layout.themeSystem'), icon: IconDeviceDesktop },
    { value: 'light', label: t('layout.themeLight'), icon: IconSun },
    { value: 'dark', label: t('layout.themeDark'), icon: IconMoon },
  ];
  const check = (on: boolean) => (on ? <IconCheck size={14} aria-hidden /> : null);

  const renderItem = (item: NavItem) => {
    if (item.show && !item.show(user.role)) return null;
    const active = item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to);
    return (
      <NavLink
        key={item.to}
        component={RouterLink}
        to={item.to}
        label={t(item.label)}
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
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={opened ? t('layout.closeNav') : t('layout.openNav')} />
            <RouterLink to="/" aria-label={t('layout.home')} style={{ textDecoration: 'none', color: 'inherit' }}>
              <Logo />
            </RouterLink>
          </Group>
          <Menu position="bottom-end" width={240} shadow="md">
            <Menu.Target>
              <UnstyledButton px="xs" py={4} style={{ borderRadius: 'var(--mantine-radius-md)' }}>
                {/* The name comes from the visible text (name, role) after this hidden prefix, so what is seen is what is announced. */}
                <span className="visually-hidden">{t('layout.accountMenu')} </span>
                <Group gap="sm" wrap="nowrap">
                  <Avatar color="ordo" radius="xl" size={34} aria-hidden>
                    {initials(user.name || user.email)}
                  </Avatar>
                  <Stack gap={0} visibleFrom="sm">
                    <Text size="sm" fw={600} lh={1.2}>
                      {user.name}
                    </Text>
                    <Text size="xs" c="dimmed" lh={1.2}>
                      {t(`roles.${user.role}`, roleLabels[user.role])}
                    </Text>
                  </Stack>
                  <IconChevronDown size={14} aria-hidden />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{user.email}</Menu.Label>
              <Menu.Item leftSection={<IconLock size={16} />} onClick={pw.open}>
                {t('layout.changePassword')}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Label>
                <Group gap={6}>
                  <IconLanguage size={14} aria-hidden />
                  {t('layout.language')}
                </Group>
              </Menu.Label>
              {languages.map((l) => (
                <Menu.Item key={l.code} lang={l.code} rightSection={check(i18n.resolvedLanguage === l.code)} onClick={() => void i18n.changeLanguage(l.code)} aria-current={i18n.resolvedLanguage === l.code ? 'true' : undefined}>
                  {l.label}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Label>{t('layout.theme')}</Menu.Label>
              {schemes.map((o) => (
                <Menu.Item key={o.value} leftSection={<o.icon size={16} aria-hidden />} rightSection={check(colorScheme === o.value)} onClick={() => setColorScheme(o.value)} aria-current={colorScheme === o.value ? 'true' : undefined}>
                  {o.label}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={() => void signOut()}>
                {t('layout.signOut')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('layout.mainNav')}>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>{main.map(renderItem)}</Stack>
          {adminItems.length > 0 && (
            <>
              <Group gap={6} mt="lg" mb={6} px="sm">
                <IconShieldCheck size={14} color="var(--mantine-color-dimmed)" aria-hidden />
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.5}>
                  {t('nav.administration')}
                </Text>
              </Group>
              <Stack gap={2}>{adminItems.map(renderItem)}</Stack>
            </>
          )}
        </AppShell.Section>
        <AppShell.Section>
          <Badge variant="light" color="gray" fullWidth radius="sm">
            {t('layout.signedInAs', { role: t(`roles.${user.role}`, roleLabels[user.role]) })}
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
