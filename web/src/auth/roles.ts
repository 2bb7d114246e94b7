import type { Role } from '../api/session-paths';

export type { Role };

/** Mirrors the API's role groups (src/platform/auth/roles.ts): the console hides what a role may not do. */
export const can = {
  seeMoney: (r: Role) => r !== 'warehouse',
  seeCustomers: (r: Role) => ['admin', 'manager', 'support', 'integration', 'read-only'].includes(r),
  writeCustomers: (r: Role) => ['admin', 'manager', 'support', 'integration'].includes(r),
  writeCatalog: (r: Role) => ['admin', 'manager', 'integration'].includes(r),
  writeInventory: (r: Role) => ['admin', 'manager', 'warehouse', 'integration'].includes(r),
  manageOrders: (r: Role) => ['admin', 'manager', 'support'].includes(r),
  reviewRisk: (r: Role) => ['admin', 'manager', 'support'].includes(r),
  riskSettings: (r: Role) => ['admin', 'manager'].includes(r),
  fulfil: (r: Role) => ['admin', 'manager', 'warehouse'].includes(r),
  manageBoxes: (r: Role) => ['admin', 'manager'].includes(r),
  seePayments: (r: Role) => ['admin', 'manager', 'support', 'integration', 'read-only'].includes(r),
  managePayments: (r: Role) => ['admin', 'manager', 'support'].includes(r),
  admin: (r: Role) => r === 'admin',
  seeSourcing: (r: Role) => ['admin', 'manager', 'support', 'integration', 'read-only'].includes(r),
  manageSourcing: (r: Role) => ['admin', 'manager'].includes(r),
  /** The point of sale (API `access.pos` less integration, which never signs in to the console). */
  sellAtStore: (r: Role) => ['admin', 'manager', 'support'].includes(r),
};

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  support: 'Support',
  warehouse: 'Warehouse',
  integration: 'Integration',
  'read-only': 'Read-only',
};
export const allRoles = Object.keys(roleLabels) as Role[];
