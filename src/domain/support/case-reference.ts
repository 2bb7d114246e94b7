/**
 * The reference a case travels by in e-mail (pure): `C-1042` in the subject (`[C-1042]`) and in a
 * plus-address (`support+c-1042@shop.example`), so a customer's reply threads into its case.
 */
export const caseReference = (number: number): string => `C-${number}`;

export const replySubject = (number: number, subject: string): string => {
  const ref = `[${caseReference(number)}]`;
  return subject.includes(ref) ? subject : `${subject.replace(/^\s*((re|aw|fwd?|wg)\s*:\s*)+/i, '')} ${ref}`.trim();
};

/** The case number a subject or recipient addresses name, or null. */
export function findCaseNumber(subject: string, recipients: readonly string[] = []): number | null {
  const inSubject = /\[\s*C-(\d{1,12})\s*\]/i.exec(subject);
  if (inSubject) return Number(inSubject[1]);
  for (const r of recipients) {
    const plus = /\+c-(\d{1,12})@/i.exec(r);
    if (plus) return Number(plus[1]);
  }
  return null;
}
