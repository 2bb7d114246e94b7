import { Link } from 'react-router';
import { Button, Center, Stack, Text, Title } from '@mantine/core';

export default function NotFoundPage() {
  return (
    <Center h="60vh">
      <Stack align="center" gap="xs">
        <Text c="dimmed" fw={700} fz={48}>404</Text>
        <Title order={2}>Page not found</Title>
        <Text c="dimmed">The page you are looking for does not exist.</Text>
        <Button component={Link} to="/" mt="sm">Back to the dashboard</Button>
      </Stack>
    </Center>
  );
}
