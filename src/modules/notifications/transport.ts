import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  /** Stable per message (`<message id>@ordo`): a receiver can drop a duplicate after a crash mid-send. */
  messageId: string;
  from: { name: string; address: string };
  replyTo?: string | undefined;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }> | undefined;
}

/** Why a send failed: `permanent` (the server refused the recipient: bounced) or retryable. */
export class SendError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
  }
}

export interface Mailer {
  readonly kind: 'smtp' | 'eml';
  send(mail: OutgoingMail): Promise<{ providerMessageId: string }>;
  close(): Promise<void>;
}

const toNodemailer = (m: OutgoingMail) => ({
  messageId: m.messageId,
  from: m.from,
  ...(m.replyTo ? { replyTo: m.replyTo } : {}),
  to: m.to,
  subject: m.subject,
  html: m.html,
  text: m.text,
  headers: m.headers,
  ...(m.attachments?.length ? { attachments: m.attachments } : {}),
});

/** SMTP through nodemailer's pooled transport (ORDO_SMTP_URL, e.g. smtp://user:pass@host:587). */
export function smtpMailer(url: string, opts: { maxConnections?: number } = {}): Mailer {
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: opts.maxConnections ?? 5, maxMessages: Infinity } as never);
  return {
    kind: 'smtp',
    async send(mail) {
      try {
        const info = await transport.sendMail(toNodemailer(mail));
        if (info.rejected?.length) throw new SendError(`recipient rejected: ${info.response ?? ''}`, true);
        return { providerMessageId: String(info.messageId ?? mail.messageId) };
      } catch (err) {
        if (err instanceof SendError) throw err;
        const e = err as { responseCode?: number; code?: string; message?: string };
        // 5xx on the envelope = the server will never take it for this address (a hard bounce).
        const permanent = e.code === 'EENVELOPE' && typeof e.responseCode === 'number' && e.responseCode >= 500;
        throw new SendError(`${e.code ?? 'ERROR'}${e.responseCode ? ` ${e.responseCode}` : ''}: ${(e.message ?? String(err)).slice(0, 300)}`, permanent);
      }
    },
    async close() {
      transport.close();
    },
  };
}

/** Without ORDO_SMTP_URL: each message is written as `<dir>/<message id>.eml` (open it in any mail client). */
export function emlMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let made = false;
  return {
    kind: 'eml',
    async send(mail) {
      if (!made) {
        await mkdir(dir, { recursive: true });
        made = true;
      }
      const info = (await transport.sendMail(toNodemailer(mail))) as unknown as { message: Buffer; messageId: string };
      const id = mail.messageId.replace(/[<>]/g, '').replace(/[^\w.@-]/g, '_');
      await writeFile(join(dir, `${id}.eml`), info.message);
      return { providerMessageId: info.messageId };
    },
    async close() {},
  };
}
