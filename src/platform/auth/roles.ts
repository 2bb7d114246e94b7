export const roles = ['admin', 'manager', 'support', 'warehouse', 'integration', 'read-only'] as const;
export type Role = (typeof roles)[number];

/** Who is acting: an API key, a console user or the system itself (jobs, the dispatcher). */
export interface Actor {
  type: 'api_key' | 'user' | 'system';
  id: string;
  role: Role;
  name: string;
}

export const systemActor: Actor = { type: 'system', id: 'system', role: 'admin', name: 'Ordo' };

/** Role groups used by routes: read the list to know who may call what. */
export const access = {
  anyone: roles,
  catalogWrite: ['admin', 'manager', 'integration'],
  inventoryWrite: ['admin', 'manager', 'warehouse', 'integration'],
  ordersWrite: ['admin', 'manager', 'support', 'integration'],
  ordersManage: ['admin', 'manager', 'support'],
  /** Order versions carry prices and totals in their diffs: not for the warehouse (which sees no money). */
  orderVersionsRead: ['admin', 'manager', 'support', 'integration', 'read-only'],
  customersRead: ['admin', 'manager', 'support', 'integration', 'read-only'],
  customersWrite: ['admin', 'manager', 'support', 'integration'],
  shippingManage: ['admin', 'manager'],
  shippingQuote: ['admin', 'manager', 'support', 'warehouse', 'integration'],
  riskReview: ['admin', 'manager', 'support'],
  riskSettings: ['admin', 'manager'],
  paymentsRead: ['admin', 'manager', 'support', 'integration', 'read-only'],
  paymentsManage: ['admin', 'manager', 'support'],
  fulfillmentRead: ['admin', 'manager', 'support', 'warehouse', 'read-only'],
  fulfillmentWrite: ['admin', 'manager', 'warehouse'],
  boxesWrite: ['admin', 'manager'],
  shipmentsRead: ['admin', 'manager', 'support', 'warehouse', 'integration', 'read-only'],
  shipmentsWrite: ['admin', 'manager', 'warehouse', 'integration'],
  admin: ['admin'],
  sourcingRead: ['admin', 'manager', 'support', 'integration', 'read-only'],
  sourcingManage: ['admin', 'manager'],
  channelsRead: ['admin', 'manager', 'support', 'integration', 'read-only'],
  channelsManage: ['admin', 'manager'],
  /** Internal notes and tags: read by staff (not integrations), written by the people who serve customers. */
  orderNotesRead: ['admin', 'manager', 'support', 'warehouse', 'read-only'],
  customerNotesRead: ['admin', 'manager', 'support', 'read-only'],
  notesWrite: ['admin', 'manager', 'support'],
  customersMerge: ['admin', 'support'],
  /** Store tills: a POS terminal signs in with an integration key; staff can sell and take returns too. */
  pos: ['admin', 'manager', 'support', 'integration'],
  /** CSV imports (console upload): bulk writes to the catalog, stock and customers. */
  importsWrite: ['admin', 'manager'],
} as const satisfies Record<string, readonly Role[]>;

export const actorLabel = (a: Actor) => `${a.type}:${a.id}`;
