export { findProductsBySkus, type ProductRow } from './products.repository.js';
