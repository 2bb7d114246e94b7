import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Anchor, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useSession } from '../auth/session';
import { ApiError } from '../api/problem';
import { Logo } from '../components/logo';

/** Kept deliberately small: it is the first page most people load. */
export default function LoginPage() {
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
        if (err.problem.code === 'invalid_credentials') setError(err.problem.detail || 'Email or password is incorrect');
        else if (err.status === 429) setError(err.problem.detail || 'Too many attempts. Try again later.');
        else if (err.status === 400) setFieldErrors(fe);
        else setError(err.problem.detail || err.problem.title);
      } else setError('Cannot reach Ordo. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" style={{ background: 'linear-gradient(160deg, var(--mantine-color-ordo-0) 0%, var(--mantine-color-gray-0) 55%)' }}>
      <Box w="100%" maw={400}>
        <Center mb="xl">
          <Logo size={36} />
        </Center>
        <Paper p="xl" shadow="sm">
          <Title order={2} fz="h3" mb={4}>
            Sign in
          </Title>
          <Text c="dimmed" size="sm" mb="lg">
            Orders, stock and customers in one place.
          </Text>
          <form onSubmit={submit} noValidate>
            <Stack>
              {error && (
                <Alert color="red" variant="light" role="alert" title="Sign-in failed">
                  {error}
                </Alert>
              )}
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                required
                autoFocus
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fieldErrors.email}
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldErrors.password}
              />
              <Button type="submit" loading={busy} fullWidth mt="xs" disabled={!email || !password}>
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text ta="center" size="xs" c="dimmed" mt="lg">
          Ordo order management · <Anchor href="/docs" size="xs">API docs</Anchor>
        </Text>
      </Box>
    </Center>
  );
}
