import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { AuthFrame } from './auth-frame';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/auth/password-reset', { body: { email: email.trim() } }));
      setSent(true);
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 0 ? err.problem.detail || err.problem.title : t('common.unreachable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame>
      <Title order={1} fz="h3" mb={4}>
        {t('forgot.title')}
      </Title>
      <Text c="dimmed" size="sm" mb="lg">
        {t('forgot.intro')}
      </Text>
      {sent ? (
        <Alert color="green" variant="light" role="status" title={t('forgot.sentTitle')}>
          {t('forgot.sent', { email: email.trim() })}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && (
              <Alert color="red" variant="light" role="alert">
                {error}
              </Alert>
            )}
            <TextInput label={t('login.email')} type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <Button type="submit" loading={busy} fullWidth disabled={!email.trim()}>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" mt="md" display="block">
        {t('forgot.back')}
      </Anchor>
    </AuthFrame>
  );
}
