/** Sourcing: decides which locations supply an order (engine in src/domain/sourcing), persists plans. */
export { placementSourcing, shipToOf } from './placement-sourcing.js';
export { planInsertParams, listPlans, type PlanJson } from './sourcing-plans.js';
export { loadSourcingSettings, type SourcingSettings } from './sourcing-settings.js';
export { sourceOrder, recordExclusions, type SourceOrderInput, type SourceOrderResult } from './source-order.js';
export { sourcingHandlers } from './sourcing.handlers.js';
export { sourcingRoutes } from './sourcing.routes.js';
export { deferSourcingAtPlacement } from './sourcing-mode.js';
export { planDryRun, type DryRun, type DryRunInput, type DryRunShipment } from './dry-run.js';
export * from './sourcing.events.js';
