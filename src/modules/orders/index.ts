export { ordersRoutes } from './orders.routes.js';
export { getOrderJson, getOrderJsons, loadOrder, writeStatus, holdJson, lineQuantities, activeHoldCount, findOrderIdByNumber } from './orders.repository.js';
export type { OrderJson, PlaceOrderInput } from './orders.schemas.js';
export { orderSchema } from './orders.schemas.js';
export type { CancelOrder, CancelOrderInput, EditOrder, EditOrderResult, OrderFlows, PlaceOrder, PlaceOrderOptions } from './order-use-cases.js';
export { placeHold, releaseHold, addHoldInTx } from './order-holds.js';
export { releaseDataHold } from './data-hold.js';
export * from './orders.events.js';
export { orderDeliveredAt } from './order-delivery.js';
export { recordReturnedUnits } from './returned-units.js';
export { customerDeliveredUnits } from './customer-delivered.js';
export { insertHistoricalOrders, insertHistoricalLines, existingOrders, recordHistoricalReturns, refreshHistoricalTotals } from './historical-orders.js';
export type { HistoricalOrder, HistoricalLine } from './historical-orders.js';
export { deliverShippedUnits, insertHold, moveAllocatedUnits, releaseHolds, setLineQuantities, touchOrder } from './order-writes.js';
export { loadAllocations, toOrderJson, type LineAllocation, type OrderLineRow, type OrderRow, type HoldRow } from './orders.repository.js';
export { insertOrder, insertPlacementRest, type PlacementRest } from './place-order.writes.js';
export { validateOrderLines, type PricedLine } from './validate-order-lines.js';
export { currentOrderVersion, insertOrderVersion, listOrderVersions, writeRevisedLines, writeRevisedOrder, type RevisedLine, type OrderVersionJson } from './order-versions.js';
export { adjustmentsOf } from './orders.repository.js';
export type { EditOrderInput, EditOperation, OrderEditDiff } from './order-edits.schemas.js';
export { reassignCustomerOrders, customerOrderFigures, type CurrencyFigures } from './customer-orders.js';
export { orderDraftsRoutes } from './order-drafts.routes.js';
export { takeDraftForPlacement } from './order-drafts.js';
export { bulkHoldsRoutes } from './bulk-holds.js';
export { listOrders } from './list-orders.js';
export { listOrdersQuery } from './orders.schemas.js';
<<<<<<< HEAD
export { ordersPlacedSql } from './order-placements.js';
=======
export { listOrderLinesForExport, type OrderLineExportRow } from './order-lines-export.js';
>>>>>>> roundtrip
