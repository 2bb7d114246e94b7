export { supportRoutes } from './support.routes.js';
export { inboundEmailRoutes } from './inbound-email.routes.js';
export { supportHandlers } from './support.handlers.js';
export { detectSlaBreaches } from './detect-sla-breaches.js';
export * from './support.events.js';
export type { CaseJson, CaseDetailJson } from './support.schemas.js';
export { reassignCustomerCases } from './reassign-cases.js';
