import type { ReactNode } from 'react';
import { Alert, Button, Center, Paper, ScrollArea, Skeleton, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import type { ApiError } from '../api/problem';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  align?: 'left' | 'right' | 'center';
  width?: number | string;
  /** Hidden columns are left out entirely (e.g. money for the warehouse role). */
  hidden?: boolean;
}

interface Props<T> {
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  loading: boolean;
  error?: ApiError | undefined;
  onRetry?: () => void;
  onRowClick?: (row: T) => void;
  /** Accessible name of the table. */
  label: string;
  empty?: { title: string; description?: ReactNode; action?: ReactNode };
  footer?: ReactNode;
  minWidth?: number;
}

/** A table with the three states every list has: loading (skeleton rows), error (with retry) and empty. */
export function DataTable<T>({ columns, rows, rowKey, loading, error, onRetry, onRowClick, label, empty, footer, minWidth = 720 }: Props<T>) {
  const { t } = useTranslation();
  const cols = columns.filter((c) => !c.hidden);
  const showSkeleton = loading && !rows;
  return (
    <Paper p={0} style={{ overflow: 'hidden' }}>
      {error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={error.problem.title} m="md" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{error.problem.detail}</Text>
            {onRetry && (
              <Button size="xs" variant="default" onClick={onRetry}>
                {t('common.retry')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      <ScrollArea type="auto">
        <Table miw={minWidth} aria-label={label} aria-busy={loading} verticalSpacing="sm" horizontalSpacing="md" highlightOnHover={!!onRowClick} striped={false}>
          <Table.Thead bg="light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-6))">
            <Table.Tr>
              {cols.map((c) => (
                <Table.Th key={c.key} style={{ textAlign: c.align ?? 'left', width: c.width }} fz="xs" tt="uppercase" c="dimmed" fw={650} lts={0.3}>
                  {c.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody style={{ opacity: loading && rows ? 0.6 : 1, transition: 'opacity 120ms' }}>
            {showSkeleton &&
              Array.from({ length: 6 }, (_, i) => (
                <Table.Tr key={`s${i}`}>
                  {cols.map((c) => (
                    <Table.Td key={c.key}>
                      <Skeleton height={14} radius="sm" width={c.align === 'right' ? '60%' : '80%'} ml={c.align === 'right' ? 'auto' : undefined} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {rows?.map((row) => (
              <Table.Tr
                key={rowKey(row)}
                className={onRowClick ? 'row-link' : undefined}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              >
                {cols.map((c) => (
                  <Table.Td key={c.key} className={c.align === 'right' ? 'num' : undefined} style={{ textAlign: c.align ?? 'left' }}>
                    {c.render(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {rows && rows.length === 0 && !loading && !error && (
        <Center py={48} px="md">
          <Stack align="center" gap={6} maw={420}>
            <ThemeIcon size={44} radius="xl" variant="light" color="gray">
              <IconInbox size={24} />
            </ThemeIcon>
            <Text fw={600}>{empty?.title ?? t('common.nothingYet')}</Text>
            {empty?.description && (
              <Text size="sm" c="dimmed" ta="center">
                {empty.description}
              </Text>
            )}
            {empty?.action}
          </Stack>
        </Center>
      )}
      {footer}
    </Paper>
  );
}
