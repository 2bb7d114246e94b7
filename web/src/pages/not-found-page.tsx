import { Link } from 'react-router';
import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center h="60vh">
      <Stack align="center" gap="xs">
        <Text c="dimmed" fw={700} fz={48}>404</Text>
        <Title order={2}>{t('misc.notFound.pageNotFound')}</Title>
        <Text c="dimmed">{t('misc.notFound.thePageYouAre')}</Text>
        <Button component={Link} to="/" mt="sm">{t('misc.notFound.backToTheDashboard')}</Button>
      </Stack>
    </Center>
  );
}
