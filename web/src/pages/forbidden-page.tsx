import { Link } from 'react-router';
import { Button, Center, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';

export default function ForbiddenPage() {
  return (
    <Center h="60vh">
      <Stack align="center" gap="xs" role="alert">
        <ThemeIcon size={56} radius="xl" variant="light" color="gray">
          <IconLock size={28} />
        </ThemeIcon>
        <Title order={2}>You don’t have access to this page</Title>
        <Text c="dimmed">Your role does not include it. Ask an administrator if you need it.</Text>
        <Button component={Link} to="/" mt="sm" variant="light">Back to the dashboard</Button>
      </Stack>
    </Center>
  );
}
