import { Anchor, Group } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';

/** `path?…&format=csv`: the same report call answered as CSV. */
export const csvHref = (path: string, query: Record<string, string | number | boolean | undefined>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  params.set('format', 'csv');
  return `${path}?${params.toString()}`;
};

/** A download link to a report's CSV (the cards' export action). */
export function CsvExportLink({ label, href }: { label: string; href: string }) {
  return (
    <Anchor href={href} download size="sm">
      <Group gap={4} component="span">
        <IconDownload size={14} aria-hidden />
        {label}
      </Group>
    </Anchor>
  );
}
