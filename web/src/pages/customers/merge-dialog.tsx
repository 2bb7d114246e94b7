import { useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problem';
import { useQuery, useSubmit } from '../../api/hooks';
import { Trans, useTranslation } from 'react-i18next';

type Customer = Schemas['Customer'];
type Merge = Schemas['CustomerMerge'];

/** Mirrors access.customersMerge in src/platform/auth/roles.ts. */
export const canMerge = (role: string) => role === 'admin' || role === 'support';

/**
 * Merge another customer into this one: search the other customer, confirm, merge. The toast and the
 * Merges tab offer the undo (POST /customers/merges/{id}/undo).
 */
export function MergeDialog({ target, onClose, onMerged }: { target: Customer; onClose: () => void; onMerged: (m: Merge) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const found = useQuery((signal) => unwrap(api.GET('/api/v1/customers', { signal, params: { query: { q, limit: 10 } } })), [q], { enabled: q.trim().length >= 2 });
  const candidates = (found.data?.items ?? []).filter((c) => c.id !== target.id && !c.mergedIntoId);
  const source = candidates.find((c) => c.id === picked);
  const { run, busy } = useSubmit();
  const merge = () =>
    run(() => unwrap(api.POST('/api/v1/customers/{id}/merge', { params: { path: { id: target.id } }, body: { sourceCustomerId: picked! } })), (m) => {
      notifications.show({ color: 'green', message: `${source?.name ?? 'Customer'} merged into ${target.name}` });
      onMerged(m);
      onClose();
    });
  return (
    <Modal opened onClose={onClose} title={t('notes.mergeInto', { name: target.name })} centered size="lg">
      <Stack>
        {!confirm ? (
          <>
            <TextInput label={t('notes.merge.findTheOtherCustomer')} placeholder={t('notes.merge.emailOrName')} data-autofocus value={q} onChange={(e) => setQ(e.currentTarget.value)} />
            {q.trim().length >= 2 && !found.loading && candidates.length === 0 && <Text size="sm" c="dimmed">{t('notes.merge.noOtherCustomerMatches')}</Text>}
            <Radio.Group value={picked} onChange={setPicked} aria-label={t('notes.merge.customerToMerge')}>
              <Stack gap="xs">
                {candidates.map((c) => (
                  <Radio key={c.id} value={c.id} label={`${c.name} · ${c.email} · ${c.orderCount} orders`} />
                ))}
              </Stack>
            </Radio.Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>{t('notes.merge.cancel')}</Button>
              <Button disabled={!source} onClick={() => setConfirm(true)}>{t('notes.merge.continue')}</Button>
            </Group>
          </>
        ) : (
          <>
            <Alert color="orange" title={t('notes.merge.confirmTheMerge')}>
              <Trans i18nKey="notes.mergeExplain" values={{ source: source?.name ?? '', sourceEmail: source?.email ?? '', target: target.name, targetEmail: target.email ?? '' }} components={{ b: <b /> }} />
            </Alert>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirm(false)}>{t('notes.merge.back')}</Button>
              <Button color="orange" loading={busy} onClick={() => void merge()}>{t('notes.merge.mergeCustomers')}</Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
