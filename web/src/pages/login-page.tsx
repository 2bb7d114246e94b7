import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { ApiError } from '../api/problem';
import { AuthFrame } from './auth-frame';

/** Kept deliberately small: it is the first page most people load. */
export default function LoginPage() {
  const { t } = useTranslation();
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  if (user) return <Navigate to={target} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await signIn(email.trim(), password);
      navigate(target, { replace: true });
    } catch (err) {
      if (err instanceof ApiError) {
        const fe = Object.fromEntries(err.fieldErrors.map((f) => [f.path, f.message]));
        if (err.problem.code === 'invalid_credentials') setError(err.problem.detail || t('login.incorrect'));
        else if (err.status === 429) setError(err.problem.detail || t('login.tooMany'));
        else if (err.status === 400) setFieldErrors(fe);
        else setError(err.problem.detail || err.problem.title);
      } else setError(t('common.unreachable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame>
      <Title order={1} fz="h3" mb={4}>
        {t('login.title')}
      </Title>
      <Text c="dimmed" size="sm" mb="lg">
        {t('login.tagline')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          {params.get('reset') === 'done' && !error && (
            <Alert color="green" variant="light" role="status">
              {t('reset.done')}
            </Alert>
          )}
          {error && (
            <Alert color="red" variant="light" role="alert" title={t('login.failed')}>
              {error}
            </Alert>
          )}
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldErrors.email}
          />
          <PasswordInput
            label={t('login.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldErrors.password}
          />
          <Group justify="flex-end" mt={-8}>
            <Anchor component={Link} to={`/forgot-password${email ? `?email=${encodeURIComponent(email.trim())}` : ''}`} size="sm">
              {t('login.forgot')}
            </Anchor>
          </Group>
          <Button type="submit" loading={busy} fullWidth disabled={!email || !password}>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
