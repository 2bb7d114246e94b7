export * from './platform.js';
export * from './catalog.js';
export * from './inventory.js';
export * from './orders.js';
export * from './users.js';
export * from './fulfillment.js';
