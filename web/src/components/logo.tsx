import { Group, Text } from '@mantine/core';

/** The Ordo mark: a ring in the brand colour. */
export function Logo({ size = 28, inverted = false }: { size?: number; inverted?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill={inverted ? 'white' : 'var(--mantine-color-ordo-6)'} />
        <circle cx="16" cy="16" r="7" fill="none" stroke={inverted ? 'var(--mantine-color-ordo-6)' : 'white'} strokeWidth="3.5" />
      </svg>
      <Text fw={750} fz={size * 0.72} lts={-0.5} c={inverted ? 'white' : undefined}>
        Ordo
      </Text>
    </Group>
  );
}
