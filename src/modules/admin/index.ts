export { apiKeysRoutes } from './api-keys.routes.js';
export { auditLogRoutes } from './audit-log.routes.js';
