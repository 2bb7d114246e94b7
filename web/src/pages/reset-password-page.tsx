import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { AuthFrame } from './auth-frame';

/** The page a reset link opens: the token is in the fragment (#token=…), so it never reaches a server log. */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const mismatch = confirm.length > 0 && confirm !== password;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, newPassword: password } }));
      navigate('/login?reset=done', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const fe = Object.fromEntries(err.fieldErrors.map((f) => [f.path, f.message]));
        if (fe.token) setError(t('reset.invalid'));
        else setFieldErrors(fe);
      } else setError(err instanceof ApiError && err.status !== 0 ? err.problem.detail || err.problem.title : t('common.unreachable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame>
      <Title order={1} fz="h3" mb={4}>
        {t('reset.title')}
      </Title>
      <Text c="dimmed" size="sm" mb="lg">
        {t('reset.intro')}
      </Text>
      {!token ? (
        <Alert color="red" variant="light" role="alert">
          {t('reset.invalid')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && (
              <Alert color="red" variant="light" role="alert">
                {error}
              </Alert>
            )}
            <PasswordInput
              label={t('reset.newPassword')}
              description={t('reset.policy')}
              autoComplete="new-password"
              required
              autoFocus
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldErrors.newPassword}
            />
            <PasswordInput
              label={t('reset.repeat')}
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={mismatch ? t('reset.mismatch') : undefined}
            />
            <Button type="submit" loading={busy} fullWidth disabled={password.length < 12 || confirm !== password}>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/forgot-password" size="sm" mt="md" display="block">
        {t('reset.newLink')}
      </Anchor>
    </AuthFrame>
  );
}
