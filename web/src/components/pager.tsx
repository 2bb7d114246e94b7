import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import type { useCursorPaging } from './url-state';
import { useTranslation } from 'react-i18next';

export function Pager({ paging, nextCursor, count }: { paging: ReturnType<typeof useCursorPaging>; nextCursor: string | null | undefined; count: number | undefined }) {
  const { t } = useTranslation();
  if (!paging.hasPrev && !nextCursor) return null;
  return (
    <Group justify="space-between" px="md" py="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
      <Text size="sm" c="dimmed">
        {t('common.page', { page: paging.page })}
        {count !== undefined ? ` · ${t('common.shown', { count })}` : ''}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} />} disabled={!paging.hasPrev} onClick={paging.prev}>
          {t('common.previous')}
        </Button>
        <Button variant="default" size="xs" rightSection={<IconChevronRight size={14} />} disabled={!nextCursor} onClick={() => nextCursor && paging.next(nextCursor)}>
          {t('common.next')}
        </Button>
      </Group>
    </Group>
  );
}
