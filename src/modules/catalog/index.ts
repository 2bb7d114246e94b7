export { findProductsBySkus, getProduct, toProductJson, type ProductRow } from './products.repository.js';
export { productsRoutes } from './products.routes.js';
export type { ProductJson } from './products.schemas.js';
export * from './catalog.events.js';
export { findProductByGtin } from './products.repository.js';
export { createProduct } from './create-product.js';
export { updateProduct } from './update-product.js';
export { listProducts } from './products.repository.js';
export { createProductBody, type CreateProductInput } from './products.schemas.js';
