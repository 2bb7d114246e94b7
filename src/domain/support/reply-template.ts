/**
 * Reply templates with `{{placeholders}}` (pure): `{{customer.name}}`, `{{order.number}}`,
 * `{{case.reference}}`, `{{agent.name}}` … A placeholder without a value is left visible so the agent
 * sees what is missing before sending.
 * @example fillTemplate('Hi {{customer.name}}', { 'customer.name': 'Ada' }) === 'Hi Ada'
 */
export const templatePlaceholders = ['customer.name', 'customer.email', 'order.number', 'case.reference', 'case.subject', 'agent.name', 'shop.name'] as const;

export function fillTemplate(text: string, values: Readonly<Record<string, string | null | undefined>>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (all, key: string) => values[key] ?? all);
}

/** Placeholders a text uses that are not known ones (refused when a template is saved). */
export const unknownPlaceholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).filter((k) => !(templatePlaceholders as readonly string[]).includes(k));
