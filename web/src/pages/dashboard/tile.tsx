import { Link } from 'react-router';
import { Group, Paper, Skeleton, Text, ThemeIcon } from '@mantine/core';
import type { IconCash } from '@tabler/icons-react';

export function Tile({ label, value, icon: Icon, color, to, hint }: { label: string; value: string | undefined; icon: typeof IconCash; color: string; to?: string; hint?: string }) {
  const body = (
    <Paper p="md" h="100%" style={to ? { cursor: 'pointer' } : undefined} title={hint}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
            {label}
          </Text>
          {value === undefined ? (
            <Skeleton h={30} w={90} mt={6} />
          ) : (
            <Text fz={26} fw={700} mt={2} className="num" ta="left" data-testid={`tile-${label}`}>
              {value}
            </Text>
          )}
        </div>
        <ThemeIcon size={38} radius="md" variant="light" color={color}>
          <Icon size={20} />
        </ThemeIcon>
      </Group>
    </Paper>
  );
  return to ? (
    <Link to={to} style={{ textDecoration: 'none', color: 'inherit' }}>
      {body}
    </Link>
  ) : (
    body
  );
}
