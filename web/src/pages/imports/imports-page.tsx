import { useState } from 'react';
import { Alert, Button, Checkbox, FileInput, Group, Paper, Progress, Select, Stack, Table, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { PageHeader } from '../../components/page-header';
import { getCsrfToken } from '../../api/client';
import { useTranslation } from 'react-i18next';

interface Report { kind: string; dryRun: boolean; rows: number; created: number; updated: number; rejected: Array<{ line: number; reason: string }> }

/** One line of the import's NDJSON answer (Accept: application/x-ndjson). */
type ImportLine = { progress?: { rows: number; bytes: number }; report?: Report; problem?: { detail?: string; title?: string } };

/**
 * CSV import from the console: the file is sent as text/csv to POST /api/v1/imports/{kind} (streamed
 * on the server into the same import as `ordo import`), asking for NDJSON: the bar shows the upload's
 * progress, then the server's (the file's bytes the import has read, and the rows applied) until the
 * report arrives with the rejected lines (line number and reason).
 */
export default function ImportsPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<string>('products');
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [applied, setApplied] = useState<{ rows: number; percent: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = () => {
    if (!file) return;
    setReport(null);
    setError(null);
    setSent(0);
    setApplied(null);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/imports/${kind}?dryRun=${dryRun}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/x-ndjson');
    // The complete lines of the NDJSON answer received so far, each read once.
    let read = 0;
    let last: ImportLine = {};
    const take = () => {
      if (!xhr.getResponseHeader('content-type')?.startsWith('application/x-ndjson')) return false;
      const end = xhr.responseText.lastIndexOf('\n');
      for (const l of end > read ? xhr.responseText.slice(read, end).split('\n') : []) {
        if (!l.trim()) continue;
        const m = JSON.parse(l) as ImportLine;
        if (m.progress) setApplied({ rows: m.progress.rows, percent: Math.min(100, Math.round((m.progress.bytes / Math.max(file.size, 1)) * 100)) });
        last = { ...last, ...m };
      }
      read = Math.max(read, end + 1);
      return true;
    };
    xhr.onprogress = () => void take();
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => e.lengthComputable && setSent(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      setSent(null);
      setApplied(null);
      const ok = xhr.status >= 200 && xhr.status < 300;
      if (ok && take()) {
        if (last.report) setReport(last.report);
        else setError(last.problem?.detail ?? last.problem?.title ?? 'The import stopped without a report');
        return;
      }
      const body = JSON.parse(xhr.responseText || '{}');
      if (ok) setReport(body as Report);
      else setError(body.detail ?? body.title ?? `HTTP ${xhr.status}`);
    };
    xhr.onerror = () => {
      setSent(null);
      setApplied(null);
      setError('The upload failed (network)');
    };
    xhr.send(file);
  };

  return (
    <>
      <PageHeader title={t('imports.title')} description={t('imports.description')} />
      <Paper p="md" mb="md">
        <Stack gap="sm" maw={520}>
          <Select label={t('imports.kind')} data={[{ value: 'products', label: t('imports.kinds.products') }, { value: 'inventory', label: t('imports.kinds.inventory') }, { value: 'customers', label: t('imports.kinds.customers') }, { value: 'orders', label: t('imports.kinds.orders') }]} value={kind} onChange={(v) => v && setKind(v)} allowDeselect={false} />
          <FileInput label={t('imports.file')} placeholder={t('imports.filePlaceholder')} accept=".csv,text/csv" value={file} onChange={setFile} clearable />
          <Checkbox label={t('imports.dryRun')} checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} />
          <Group>
            <Button leftSection={<IconUpload size={16} />} disabled={!file || sent !== null} loading={sent !== null} onClick={upload}>{t('imports.upload')}</Button>
          </Group>
          {sent !== null && (
            <Stack gap={4}>
              <Progress value={applied ? applied.percent : sent} aria-label={t('imports.progress')} animated={sent === 100} />
              <Text size="sm" c="dimmed">{applied ? t('imports.processingRows', { rows: applied.rows }) : sent < 100 ? t('imports.uploading', { percent: sent }) : t('imports.processing')}</Text>
            </Stack>
          )}
          {error && <Alert color="red" role="alert" title={t('imports.failed')}>{error}</Alert>}
        </Stack>
      </Paper>
      {report && (
        <Paper p="md" aria-label={t('imports.report')}>
          <Text fw={600} mb="xs">
            {t(report.dryRun ? 'imports.summaryDryRun' : 'imports.summary', { rows: report.rows, created: report.created, updated: report.updated, rejected: report.rejected.length })}
          </Text>
          {report.rejected.length > 0 && (
            <Table aria-label={t('imports.rejected')} striped>
              <Table.Thead><Table.Tr><Table.Th>{t('imports.line')}</Table.Th><Table.Th>{t('imports.reason')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {report.rejected.map((r) => (
                  <Table.Tr key={`${r.line}-${r.reason}`}><Table.Td>{r.line}</Table.Td><Table.Td>{r.reason}</Table.Td></Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      )}
    </>
  );
}
