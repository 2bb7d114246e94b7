export * from './po-states.js';
export * from './reorder.js';
