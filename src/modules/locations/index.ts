export { locationsRoutes } from './locations.routes.js';
export { getLocation, requireStore, toLocationJson } from './locations.service.js';
export * from './locations.events.js';
export { geocodeRoutes } from './geocode.routes.js';
export { geocodePostalCode, importPostalCentroids } from './postal-centroids.js';
