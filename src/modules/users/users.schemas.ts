import { z } from 'zod';
import type { users } from '../../platform/db/schema/index.js';

/** Roles a console user may hold (the API-key-only `integration` role is not one of them). */
export const userRoles = ['admin', 'manager', 'support', 'warehouse', 'read-only'] as const;
export type UserRole = (typeof userRoles)[number];

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an email address').max(320));
/** Passwords are never trimmed; the upper bound keeps argon2 work per request bounded. */
export const newPassword = z.string().min(12, 'must be at least 12 characters').max(256, 'must be at most 256 characters');

export const sessionUserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(userRoles) })
  .meta({ id: 'SessionUser' });

export const sessionSchema = z.object({ user: sessionUserSchema, csrfToken: z.string() }).meta({ id: 'Session' });

export const loginBody = z.object({ email: z.string().trim().min(1, 'is required').max(320), password: z.string().min(1, 'is required').max(256) });
export const passwordResetBody = z.object({ email: z.string().trim().min(1, 'is required').max(320) });
export const passwordResetConfirmBody = z.object({ token: z.string().min(20, 'is not a reset token').max(200, 'is not a reset token'), newPassword });
export const changePasswordBody = z.object({ currentPassword: z.string().min(1, 'is required').max(256), newPassword });

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(userRoles),
    disabled: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type UserJson = z.infer<typeof userSchema>;

export const createUserBody = z
  .object({ email, name: z.string().trim().min(1, 'is required').max(200), role: z.enum(userRoles), password: newPassword })
  .meta({ id: 'CreateUser' });
export type CreateUserInput = z.output<typeof createUserBody>;

export const updateUserBody = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200).optional(),
    role: z.enum(userRoles).optional(),
    disabled: z.boolean().optional(),
  })
  .meta({ id: 'UpdateUser' });
export type UpdateUserInput = z.output<typeof updateUserBody>;

export const resetPasswordBody = z.object({ password: newPassword });

type UserRow = typeof users.$inferSelect;

export const toUserJson = (r: UserRow): UserJson => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as UserRole,
  disabled: r.disabled,
  lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

/** What the audit log keeps of a user: never the password hash or lockout counters. */
export const auditView = (r: UserRow) => ({ email: r.email, name: r.name, role: r.role, disabled: r.disabled });
