import { z } from 'zod';
import { locales } from '../../domain/notifications/locale.js';
import { templateNames } from '../../domain/notifications/templates.js';
import { messageStatuses } from '../../platform/db/schema/index.js';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour');

export const brandingSchema = z
  .object({
    shopName: z.string().trim().min(1).max(100),
    logoUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(500).nullable(),
    primaryColor: hexColor,
    textColor: hexColor,
    senderEmail: z.email(),
    senderName: z.string().trim().min(1).max(100),
    replyTo: z.email().nullable(),
    supportEmail: z.email().nullable(),
    defaultLocale: z.enum(locales),
    disabledTemplates: z.array(z.enum(templateNames)).max(templateNames.length),
    mergeWindowMinutes: z.number().int().min(0).max(24 * 60),
    pickupReminderHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .nullable()
      .default(24)
      .describe('Hours after ready-for-pickup an uncollected store pickup gets one reminder with its code; null = no reminders'),
  })
  .meta({ id: 'NotificationSettings' });

export const messageSchema = z
  .object({
    id: z.string(),
    orderId: z.string().nullable(),
    template: z.string(),
    channel: z.enum(['email', 'sms']),
    recipient: z.string(),
    locale: z.string(),
    status: z.enum(messageStatuses),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().describe('When a queued message is tried next'),
    lastError: z.string().nullable(),
    subject: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    resendOf: z.string().nullable(),
  })
  .meta({ id: 'CustomerMessage' });

export const previewQuery = z.object({ locale: z.enum(locales).default('en') });
export const previewSchema = z.object({ template: z.enum(templateNames), locale: z.enum(locales), subject: z.string(), html: z.string(), text: z.string() });
export const testSendBody = z.object({ template: z.enum(templateNames), locale: z.enum(locales).default('en'), to: z.email() });
