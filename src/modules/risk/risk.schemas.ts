import { z } from 'zod';
import { addressSchema, currencyCode, moneySchema } from '../../platform/http/schemas.js';
import { orderStatuses } from '../../domain/orders/order-states.js';
import { blocklistKinds, ruleIds } from '../../domain/risk/index.js';

const points = z.number().int('must be a whole number').min(0).max(100);
const toggled = { enabled: z.boolean(), points };
const velocity = { ...toggled, windowMinutes: z.number().int().min(1).max(7 * 24 * 60), maxOrders: z.number().int().min(0).max(100_000) };

/** Each rule's fields; the same shapes validate PUT (strict, partial) and describe GET. */
const ruleShapes = {
  firstOrderValue: { ...toggled, limits: z.record(currencyCode, z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)).describe('Per currency, in minor units') },
  valueVsAverage: { ...toggled, multiplier: z.number().min(1).max(1000), minOrders: z.number().int().min(1).max(1000) },
  velocityEmail: velocity,
  velocityCustomer: velocity,
  velocityIp: { ...velocity, exemptIps: z.array(z.string().trim().min(1).max(64)).max(200) },
  velocityPaymentFingerprint: velocity,
  countryMismatch: toggled,
  addressDistance: { ...toggled, maxKm: z.number().int().min(1).max(40_000) },
  avs: { ...toggled, partialPoints: points },
  cvv: toggled,
  disposableEmail: { ...toggled, extraDomains: z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as example.com').max(253)).max(1000) },
  blocklistEmail: toggled,
  blocklistAddress: toggled,
  blocklistPaymentFingerprint: toggled,
} as const;

const whole = <S extends z.ZodRawShape>(shape: S) => z.object(shape);
const part = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape).partial().optional();
const rulesOut = z.object({
  firstOrderValue: whole(ruleShapes.firstOrderValue),
  valueVsAverage: whole(ruleShapes.valueVsAverage),
  velocityEmail: whole(ruleShapes.velocityEmail),
  velocityCustomer: whole(ruleShapes.velocityCustomer),
  velocityIp: whole(ruleShapes.velocityIp),
  velocityPaymentFingerprint: whole(ruleShapes.velocityPaymentFingerprint),
  countryMismatch: whole(ruleShapes.countryMismatch),
  addressDistance: whole(ruleShapes.addressDistance),
  avs: whole(ruleShapes.avs),
  cvv: whole(ruleShapes.cvv),
  disposableEmail: whole(ruleShapes.disposableEmail),
  blocklistEmail: whole(ruleShapes.blocklistEmail),
  blocklistAddress: whole(ruleShapes.blocklistAddress),
  blocklistPaymentFingerprint: whole(ruleShapes.blocklistPaymentFingerprint),
});
const rulesIn = z
  .looseObject({
    firstOrderValue: part(ruleShapes.firstOrderValue),
    valueVsAverage: part(ruleShapes.valueVsAverage),
    velocityEmail: part(ruleShapes.velocityEmail),
    velocityCustomer: part(ruleShapes.velocityCustomer),
    velocityIp: part(ruleShapes.velocityIp),
    velocityPaymentFingerprint: part(ruleShapes.velocityPaymentFingerprint),
    countryMismatch: part(ruleShapes.countryMismatch),
    addressDistance: part(ruleShapes.addressDistance),
    avs: part(ruleShapes.avs),
    cvv: part(ruleShapes.cvv),
    disposableEmail: part(ruleShapes.disposableEmail),
    blocklistEmail: part(ruleShapes.blocklistEmail),
    blocklistAddress: part(ruleShapes.blocklistAddress),
    blocklistPaymentFingerprint: part(ruleShapes.blocklistPaymentFingerprint),
  })
  .superRefine((v, ctx) => {
    // Name the unknown rule in the error path (rules.<name>) rather than only its parent.
    for (const k of Object.keys(v)) if (!(ruleIds as string[]).includes(k)) ctx.addIssue({ code: 'custom', path: [k], message: `is not a known rule (known: ${ruleIds.join(', ')})` });
  });

export const riskSettingsSchema = z
  .object({
    threshold: z.number().int().min(1).max(100),
    rules: rulesOut,
    updatedAt: z.string().nullable().describe('null while the defaults apply'),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'RiskSettings' });

export const updateRiskSettingsBody = z
  .strictObject({
    threshold: z.number().int('must be a whole number').min(1).max(100).optional(),
    rules: rulesIn.optional(),
  })
  .describe('Partial: only the fields sent change; the rest keep their current values')
  .meta({ id: 'UpdateRiskSettings' });

export type UpdateRiskSettings = z.output<typeof updateRiskSettingsBody>;

export const reasonSchema = z.object({ rule: z.string(), points: z.number().int(), message: z.string() }).meta({ id: 'RiskReason' });

export const assessmentSchema = z
  .object({
    stage: z.enum(['placement', 'payment']),
    score: z.number().int(),
    decision: z.enum(['accept', 'hold']),
    reasons: z.array(reasonSchema),
    assessedAt: z.string(),
  })
  .meta({ id: 'RiskAssessment' });

export const orderRiskSchema = z
  .object({
    orderId: z.string(),
    latest: assessmentSchema.nullable().describe('The most recent assessment (placement or payment)'),
    assessments: z.array(assessmentSchema).describe('Oldest first'),
  })
  .meta({ id: 'OrderRisk' });

export const reviewSchema = z
  .object({
    orderId: z.string(),
    number: z.string(),
    status: z.enum(orderStatuses),
    customerName: z.string(),
    email: z.string(),
    total: moneySchema,
    placedAt: z.string(),
    holdId: z.string(),
    holdReason: z.string(),
    heldAt: z.string(),
    score: z.number().int().nullable().describe('null when the fraud hold was placed by hand'),
    reasons: z.array(reasonSchema),
  })
  .meta({ id: 'RiskReview' });

export const reviewsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const releaseReviewBody = z.object({ note: z.string().trim().min(1, 'is required').max(500) });
export const cancelReviewBody = z.object({ reason: z.string().trim().min(1, 'is required').max(500) });

export const blocklistEntrySchema = z
  .object({ id: z.string(), kind: z.enum(blocklistKinds), value: z.string(), reason: z.string(), createdBy: z.string(), createdAt: z.string() })
  .meta({ id: 'BlocklistEntry' });

export const addBlocklistBody = z
  .object({
    kind: z.enum(blocklistKinds),
    value: z.string().trim().min(1).max(500).optional().describe('The email or payment fingerprint (kind email / payment_fingerprint)'),
    address: addressSchema.pick({ line1: true, postalCode: true, country: true }).optional().describe('The address (kind address); stored normalised'),
    reason: z.string().trim().min(1, 'is required').max(500),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'address' && !b.address) ctx.addIssue({ code: 'custom', path: ['address'], message: 'is required for kind address' });
    if (b.kind !== 'address' && !b.value) ctx.addIssue({ code: 'custom', path: ['value'], message: `is required for kind ${b.kind}` });
    if (b.kind === 'email' && b.value && !z.email().safeParse(b.value.trim()).success) ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be an email address' });
  })
  .meta({ id: 'AddBlocklistEntry' });

export type AddBlocklistEntry = z.output<typeof addBlocklistBody>;

export const blocklistQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
  kind: z.enum(blocklistKinds).optional(),
});
