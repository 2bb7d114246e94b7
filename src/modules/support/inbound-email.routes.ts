import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { systemActor } from '../../platform/auth/roles.js';
import { installationSecret } from '../../platform/installation-secrets.js';
import { receiveEmail, type InboundEmail } from './receive-email.js';
import { inboundSigningKey } from './inbound-keys.js';

export const inboundSecretName = 'support_inbound_email_secret';
export const inboundSecret = (deps: Deps) => installationSecret(deps.db, inboundSecretName, deps.clock.now(), 'inb_');

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
const unauthorized = (why: string) => new AppError('unauthenticated', `Inbound e-mail not accepted: ${why}`);
const bad = (path: string, message: string) => new AppError('validation_failed', 'The inbound e-mail is not valid', { errors: [{ path, message }] });

/** `Name <a@b>` or `a@b` → parts. */
function address(s: string): { email: string; name: string | null } | null {
  const m = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(s) ?? /^\s*()([^<>\s]+@[^<>\s]+)\s*$/.exec(s);
  return m ? { email: m[2]!, name: m[1]?.trim() || null } : null;
}

const postmarkBody = z.object({
  MessageID: z.string().min(1).max(300),
  From: z.string().max(500),
  FromName: z.string().max(300).optional(),
  To: z.string().max(5000).optional(),
  ToFull: z.array(z.object({ Email: z.string().max(500) })).max(100).optional(),
  OriginalRecipient: z.string().max(500).optional(),
  Subject: z.string().max(2000).default(''),
  TextBody: z.string().max(200_000).default(''),
  StrippedTextReply: z.string().max(200_000).optional(),
});

/** Postmark inbound: Basic auth in the webhook URL (`https://postmark:<secret>@…`), JSON body. */
function parsePostmark(raw: Buffer, headers: Record<string, unknown>, secret: string): InboundEmail {
  const auth = String(headers.authorization ?? '');
  const password = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':').slice(1).join(':') : '';
  if (!password || !same(password, secret)) throw unauthorized('Basic authentication with the inbound secret is required');
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw bad('(body)', 'is not JSON');
  }
  const p = postmarkBody.safeParse(json);
  if (!p.success) throw new AppError('validation_failed', 'The inbound e-mail is not valid', { errors: p.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })) });
  const from = address(p.data.From);
  if (!from) throw bad('From', 'is not an e-mail address');
  const to = [...(p.data.ToFull?.map((t) => t.Email) ?? (p.data.To ? p.data.To.split(',') : [])), ...(p.data.OriginalRecipient ? [p.data.OriginalRecipient] : [])];
  return { messageId: `postmark:${p.data.MessageID}`, from: { email: from.email, name: p.data.FromName || from.name }, to, subject: p.data.Subject, text: p.data.StrippedTextReply || p.data.TextBody };
}

/** Mailgun routes (forward): form fields, signed with HMAC-SHA256(signing key, timestamp + token). */
function parseMailgun(raw: Buffer, secret: string, now: Date): InboundEmail {
  const f = new URLSearchParams(raw.toString('utf8'));
  const [timestamp, token, signature] = [f.get('timestamp') ?? '', f.get('token') ?? '', f.get('signature') ?? ''];
  if (!timestamp || !token || !signature) throw unauthorized('the Mailgun signature fields are missing');
  const expected = createHmac('sha256', secret).update(timestamp + token).digest('hex');
  if (!same(signature, expected)) throw unauthorized('the Mailgun signature does not verify');
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > 900) throw unauthorized('the Mailgun signature is older than 15 minutes');
  const from = address(f.get('from') ?? f.get('sender') ?? '');
  if (!from) throw bad('from', 'is not an e-mail address');
  const id = f.get('Message-Id') ?? f.get('message-id');
  if (!id) throw bad('Message-Id', 'is required');
  return { messageId: `mailgun:${id.slice(0, 300)}`, from, to: (f.get('recipient') ?? '').split(','), subject: (f.get('subject') ?? '').slice(0, 2000), text: (f.get('stripped-text') || f.get('body-plain') || '').slice(0, 200_000) };
}

/**
 * Inbound e-mail from a provider's webhook: public (no API key), authenticated with the installation's
 * inbound secret (GET /support/inbound-email shows it to admins), Mailgun's by the signing key an admin
 * stored (PUT /support/inbound-email/mailgun-signing-key). Raw bodies, so signatures are checked
 * over what was sent. Answers 200 for a stored or redelivered message, 401 for a bad secret.
 */
export const inboundEmailRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // Created when the app starts, so reading it later (GET /support/inbound-email, a webhook) writes nothing.
    await inboundSecret(deps);
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.post('/support/inbound-email/:provider', {
      config: { public: true },
      schema: {
        hide: true,
        tags: ['support'],
        summary: 'Receive a customer e-mail from Postmark (JSON, Basic auth) or Mailgun (form, signed)',
        params: z.object({ provider: z.enum(['postmark', 'mailgun']) }),
        response: { 200: z.object({ received: z.literal(true), outcome: z.enum(['threaded', 'opened', 'duplicate']), caseId: z.string(), reference: z.string() }), ...errorResponses },
      },
      handler: async (req) => {
        const raw = req.body as unknown;
        if (!Buffer.isBuffer(raw)) throw bad('(body)', 'is required');
        const secret = await inboundSecret(deps);
        // Mailgun signs with the key it assigns (stored by an admin); until one is stored, the inbound secret.
        const mail = req.params.provider === 'postmark' ? parsePostmark(raw, req.headers, secret) : parseMailgun(raw, (await inboundSigningKey(deps, 'mailgun')) ?? secret, deps.clock.now());
        const r = await receiveEmail({ ...deps, actor: { ...systemActor, id: 'inbound-email', name: 'Inbound e-mail' }, requestId: req.id }, mail);
        return { received: true as const, ...r };
      },
    });
  };
