import type { ReactNode } from 'react';
import { Anchor, Box, Center, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Logo } from '../components/logo';

/** The frame of the pages before sign-in (login, forgotten password, new password). */
export function AuthFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center
      component="main"
      mih="100vh"
      p="md"
      className="auth-background"
    >
      <Box w="100%" maw={400}>
        <Center mb="xl">
          <Logo size={36} />
        </Center>
        <Paper p="xl" shadow="sm">
          {children}
        </Paper>
        <Text ta="center" size="xs" c="dimmed" mt="lg">
          {t('login.footer')} · <Anchor href="/docs" size="xs">{t('login.apiDocs')}</Anchor>
        </Text>
      </Box>
    </Center>
  );
}
