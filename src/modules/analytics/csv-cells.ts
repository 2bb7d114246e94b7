/** One CSV field: empty for null, quoted (doubled quotes) unless plain. */
export const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' || /^[\w .:-]*$/.test(v) ? String(v) : `"${v.replace(/"/g, '""')}"`);

/** A CSV document: header, one line per row, trailing newline. */
export const csvOf = (header: string, rows: Array<Array<string | number | null>>): string => `${[header, ...rows.map((r) => r.map(cell).join(','))].join('\n')}\n`;
