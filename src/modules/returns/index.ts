export { returnsRoutes } from './returns.routes.js';
export { returnsEvents, returnRequested, returnStatusChanged, returnPolicyUpdated } from './returns.events.js';
export { createReturn, createReturnInTx } from './create-return.js';
export { decideReturn, moveReturnInTx, getReturnJson } from './change-return-status.js';
export { getReturnPolicy } from './return-policy-settings.js';
export { getEligibility, returnFacts } from './return-eligibility.js';
export type { ReturnJson } from './returns.schemas.js';
