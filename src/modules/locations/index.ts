export { locationsRoutes } from './locations.routes.js';
export { getLocation, requireStore, toLocationJson } from './locations.service.js';
export * from './locations.events.js';
