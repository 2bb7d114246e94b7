import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import './i18n';
import { cssVariablesResolver, theme } from './theme';
import { router } from './router';
import { SessionProvider } from './auth/session';

/** Re-renders every page when the language changes (formatters read the language when they run) and sets <html lang>. */
function Localized() {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return <RouterProvider key={lang} router={router} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* 'auto' follows the system's light or dark setting until the user picks one in the user menu. */}
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <SessionProvider>
        <Localized />
      </SessionProvider>
    </MantineProvider>
  </StrictMode>,
);
