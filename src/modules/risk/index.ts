export { assessPlacementRisk, type PlacementRisk } from './assess-placement.js';
export { riskOnPaymentAuthorized } from './payment-authorized.handler.js';
export { riskRoutes } from './risk.routes.js';
export * from './risk.events.js';
export { reassignCustomerAssessments } from './customer-assessments.js';
