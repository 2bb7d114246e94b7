export { apiKeysRoutes } from './api-keys.routes.js';
export { auditLogRoutes } from './audit-log.routes.js';
export { eventOpsRoutes } from './event-ops.routes.js';
export { actorsRoutes } from './actors.routes.js';
