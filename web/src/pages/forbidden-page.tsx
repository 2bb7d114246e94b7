import { Link } from 'react-router';
import { Button, Center, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export default function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Center h="60vh">
      <Stack align="center" gap="xs" role="alert">
        <ThemeIcon size={56} radius="xl" variant="light" color="gray">
          <IconLock size={28} />
        </ThemeIcon>
        <Title order={2}>{t('misc.forbidden.youDonTHave')}</Title>
        <Text c="dimmed">{t('misc.forbidden.yourRoleDoesNot')}</Text>
        <Button component={Link} to="/" mt="sm" variant="light">{t('misc.forbidden.backToTheDashboard')}</Button>
      </Stack>
    </Center>
  );
}
