import { ActionIcon, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { emptyParcel, type LabelValues } from './label-form';
import { useTranslation } from 'react-i18next';

const fields = [
  { name: 'weightGrams', labelKey: 'shipping.parcelsEditor.weightG' },
  { name: 'lengthMm', labelKey: 'shipping.parcelsEditor.lengthMm' },
  { name: 'widthMm', labelKey: 'shipping.parcelsEditor.widthMm' },
  { name: 'heightMm', labelKey: 'shipping.parcelsEditor.heightMm' },
] as const;

/**
 * The parcels of a label purchase: one row per parcel (weight and L×W×H), "Add parcel", remove.
 * Starts with the packed package; each input shows its own client or server error (`parcels.N.field`).
 */
export function ParcelsEditor({ form, max }: { form: UseFormReturnType<LabelValues>; max: number }) {
  const { t } = useTranslation();
  const parcels = form.getValues().parcels;
  const listError = form.errors.parcels;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600} size="sm">{t('shipping.parcelsEditor.parcels')}</Text>
        <Button size="sm" variant="light" leftSection={<IconPlus size={16} />} disabled={parcels.length >= max} onClick={() => form.insertListItem('parcels', emptyParcel())}>
          {t('shipping.parcelsEditor.addParcel')}
        </Button>
      </Group>
      {parcels.map((p, i) => (
        <Paper key={p.key} withBorder p="xs" data-testid={`parcel-${i + 1}`}>
          <Group justify="space-between" mb={4}>
            <Text size="sm" c="dimmed">Parcel {i + 1}</Text>
            {parcels.length > 1 && (
              <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('shipping.removeParcel', { n: i + 1 })} onClick={() => form.removeListItem('parcels', i)}>
                <IconTrash size={18} />
              </ActionIcon>
            )}
          </Group>
          <SimpleGrid minColWidth={120} autoFlow="auto-fit" spacing="xs">
            {fields.map((f) => (
              <NumberInput key={f.name} label={t(f.labelKey)} size="md" allowDecimal={false} allowNegative={false} inputMode="numeric" {...form.getInputProps(`parcels.${i}.${f.name}`)} />
            ))}
          </SimpleGrid>
        </Paper>
      ))}
      {listError && <Text c="red" size="sm" role="alert" data-testid="parcels-error">{listError}</Text>}
    </Stack>
  );
}
