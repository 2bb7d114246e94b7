export { importOnlineRetail, onlineRetailSource, type ImportReport } from './online-retail-import.js';
export { importsEvents, importBatchCommitted } from './imports.events.js';
export { importOrdersCsv, ordersCsvSource, type OrdersCsvReport } from './orders-csv-import.js';
