export { findProductsBySkus, getProduct, toProductJson, type ProductRow } from './products.repository.js';
export { productsRoutes } from './products.routes.js';
export type { ProductJson } from './products.schemas.js';
export { ensureProducts } from './import-products.js';
