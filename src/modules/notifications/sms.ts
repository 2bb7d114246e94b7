import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SendError } from './transport.js';

export interface SmsSender {
  readonly kind: 'twilio' | 'file';
  send(sms: { to: string; body: string; id: string }): Promise<{ providerMessageId: string }>;
}

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** A sender number in E.164 (or a Messaging Service SID, MG…). */
  from: string;
  /** https://api.twilio.com, or a compatible API (or a fake on loopback in tests). */
  apiBase: string;
}

/**
 * Twilio's Programmable Messaging API as documented: POST /2010-04-01/Accounts/{AccountSid}/Messages.json,
 * form-encoded To, From (or MessagingServiceSid) and Body, HTTP Basic auth with the account SID and auth
 * token; 201 with the message resource (`sid`, `status`), or an error object (`code`, `message`,
 * `status`). A 4xx other than 429 is permanent (e.g. 21211 invalid 'To', 21610 unsubscribed recipient):
 * the message is bounced; 429 and 5xx are retried.
 */
export function twilioSms(s: TwilioSettings): SmsSender {
  const url = `${s.apiBase.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(s.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}`;
  return {
    kind: 'twilio',
    async send(sms) {
      const form = new URLSearchParams({ To: sms.to, Body: sms.body, ...(s.from.startsWith('MG') ? { MessagingServiceSid: s.from } : { From: s.from }) });
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form, signal: AbortSignal.timeout(15_000) });
      } catch (err) {
        throw new SendError(`twilio unreachable: ${(err as Error).message}`, false);
      }
      const body = (await res.json().catch(() => ({}))) as { sid?: string; status?: string; code?: number; message?: string };
      if (res.status === 201 || res.status === 200) {
        if (!body.sid) throw new SendError('twilio answered without a message sid', false);
        if (body.status === 'failed' || body.status === 'undelivered') throw new SendError(`twilio ${body.status}`, true);
        return { providerMessageId: body.sid };
      }
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 429;
      throw new SendError(`twilio ${res.status}${body.code ? ` ${body.code}` : ''}: ${(body.message ?? '').slice(0, 200)}`, permanent);
    },
  };
}

/** Without a provider: each SMS is written to `<dir>/<id>.txt` (so `npm start` shows what would go out). */
export function fileSms(dir: string): SmsSender {
  return {
    kind: 'file',
    async send(sms) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${sms.id}.txt`), `To: ${sms.to}\n\n${sms.body}\n`);
      return { providerMessageId: `file:${sms.id}` };
    },
  };
}
