export * from './models.js';
export * from './select.js';
export * from './replenishment.js';
