export { authRoutes } from './auth.routes.js';
export { usersRoutes } from './users.routes.js';
export { DbSessionResolver } from './sessions.js';
export { ensureFirstAdmin, defaultAdminEmail, type FirstAdmin } from './first-admin.js';
export { userRoles, type UserRole } from './users.schemas.js';
export * from './users.events.js';
export { resolveMentions, mentionHandles, mentionableUsers, mentionRecipients } from './mentions.js';
export { userNames } from './user-names.js';
export { createResetLinkFor, resetUserPasswordByEmail } from './password-reset.js';
