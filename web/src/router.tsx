import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { useSession } from './auth/session';
import { can, type Role } from './auth/roles';
import { PageLoader } from './components/page-loader';

// Every page is its own chunk; the login page pulls in only Mantine core and this file.
const LoginPage = lazy(() => import('./pages/login-page'));
const ForgotPasswordPage = lazy(() => import('./pages/forgot-password-page'));
const ResetPasswordPage = lazy(() => import('./pages/reset-password-page'));
const AppLayout = lazy(() => import('./layout/app-layout'));
const DashboardPage = lazy(() => import('./pages/dashboard/dashboard-page'));
const OrdersPage = lazy(() => import('./pages/orders/orders-page'));
const OrderPage = lazy(() => import('./pages/orders/order-page'));
const NewOrderPage = lazy(() => import('./pages/orders/new-order-page'));
const InventoryPage = lazy(() => import('./pages/inventory/inventory-page'));
const ProductsPage = lazy(() => import('./pages/catalog/products-page'));
const LocationsPage = lazy(() => import('./pages/locations/locations-page'));
const CustomersPage = lazy(() => import('./pages/customers/customers-page'));
const CustomerPage = lazy(() => import('./pages/customers/customer-page'));
const AuditLogPage = lazy(() => import('./pages/admin/audit-log-page'));
const EventDeliveryPage = lazy(() => import('./pages/admin/event-delivery-page'));
const ApiKeysPage = lazy(() => import('./pages/admin/api-keys-page'));
const UsersPage = lazy(() => import('./pages/admin/users-page'));
const ReviewsPage = lazy(() => import('./pages/risk/reviews-page'));
const BlocklistPage = lazy(() => import('./pages/risk/blocklist-page'));
const RiskSettingsPage = lazy(() => import('./pages/risk/risk-settings-page'));
const FulfillmentPage = lazy(() => import('./pages/fulfillment/fulfillment-page'));
const FulfillmentOrderPage = lazy(() => import('./pages/fulfillment/fulfillment-order-page'));
const BoxesPage = lazy(() => import('./pages/fulfillment/boxes-page'));
const PickListPage = lazy(() => import('./pages/fulfillment/pick-list-page'));
const WhatIfPage = lazy(() => import('./pages/sourcing/what-if-page'));
const ShipmentsPage = lazy(() => import('./pages/shipping/shipments-page'));
const ShipmentPage = lazy(() => import('./pages/shipping/shipment-page'));
const ManifestsPage = lazy(() => import('./pages/shipping/manifests-page'));
const WebhooksPage = lazy(() => import('./pages/webhooks/webhooks-page'));
const CasesPage = lazy(() => import('./pages/support/cases-page'));
const CasePage = lazy(() => import('./pages/support/case-page'));
const TemplatesPage = lazy(() => import('./pages/support/templates-page'));
const ReportsPage = lazy(() => import('./pages/reports/reports-page'));
const PurchasingPage = lazy(() => import('./pages/purchasing/purchasing-page'));
const PurchaseOrderPage = lazy(() => import('./pages/purchasing/purchase-order-page'));
const ReturnsPage = lazy(() => import('./pages/returns/returns-page'));
const ImportsPage = lazy(() => import('./pages/imports/imports-page'));
const ReturnPage = lazy(() => import('./pages/returns/return-page'));
const ReceiveStation = lazy(() => import('./pages/returns/receive-station'));
const PosPage = lazy(() => import('./pages/pos/pos-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));
const ForbiddenPage = lazy(() => import('./pages/forbidden-page'));


const page = (C: ComponentType) => (
  <Suspense fallback={<PageLoader />}>
    <C />
  </Suspense>
);

/** Signed-in users only; others go to /login and come back afterwards. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <PageLoader />;
  if (user === null) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}

/** A page some roles may not open: they see a clear refusal instead of a broken page. */
function RequireRole({ allow, children }: { allow: (r: Role) => boolean; children: ReactNode }) {
  const { user } = useSession();
  if (!user || !allow(user.role)) return page(ForbiddenPage);
  return children;
}

export const router = createBrowserRouter([
  { path: '/login', element: page(LoginPage) },
  { path: '/forgot-password', element: page(ForgotPasswordPage) },
  { path: '/reset-password', element: page(ResetPasswordPage) },
  {
    path: '/',
    element: <RequireAuth>{page(AppLayout)}</RequireAuth>,
    children: [
      { index: true, element: page(DashboardPage) },
      { path: 'orders', element: page(OrdersPage) },
      { path: 'orders/new', element: <RequireRole allow={can.manageOrders}>{page(NewOrderPage)}</RequireRole> },
      { path: 'orders/:id', element: page(OrderPage) },
      { path: 'reports', element: <RequireRole allow={can.seeMoney}>{page(ReportsPage)}</RequireRole> },
      { path: 'purchasing', element: <RequireRole allow={(r) => r !== 'support'}>{page(PurchasingPage)}</RequireRole> },
      { path: 'purchasing/:id', element: <RequireRole allow={(r) => r !== 'support'}>{page(PurchaseOrderPage)}</RequireRole> },
      { path: 'returns', element: page(ReturnsPage) },
      { path: 'imports', element: page(ImportsPage) },
      { path: 'returns/receive', element: <RequireRole allow={can.fulfil}>{page(ReceiveStation)}</RequireRole> },
      { path: 'returns/:id', element: page(ReturnPage) },
      { path: 'pos', element: <RequireRole allow={can.sellAtStore}>{page(PosPage)}</RequireRole> },
      { path: 'inventory', element: page(InventoryPage) },
      { path: 'products', element: page(ProductsPage) },
      { path: 'fulfillment', element: page(FulfillmentPage) },
      { path: 'fulfillment/:id', element: page(FulfillmentOrderPage) },
      { path: 'pick-lists/:id', element: page(PickListPage) },
      { path: 'boxes', element: page(BoxesPage) },
      { path: 'shipments', element: page(ShipmentsPage) },
      { path: 'shipments/:id', element: page(ShipmentPage) },
      { path: 'manifests', element: page(ManifestsPage) },
      { path: 'locations', element: page(LocationsPage) },
      { path: 'sourcing/what-if', element: <RequireRole allow={can.manageSourcing}>{page(WhatIfPage)}</RequireRole> },
      { path: 'customers', element: <RequireRole allow={can.seeCustomers}>{page(CustomersPage)}</RequireRole> },
      { path: 'customers/:id', element: <RequireRole allow={can.seeCustomers}>{page(CustomerPage)}</RequireRole> },
      { path: 'cases', element: <RequireRole allow={can.seeCustomers}>{page(CasesPage)}</RequireRole> },
      { path: 'cases/templates', element: <RequireRole allow={can.manageOrders}>{page(TemplatesPage)}</RequireRole> },
      { path: 'cases/:id', element: <RequireRole allow={can.seeCustomers}>{page(CasePage)}</RequireRole> },
      { path: 'fraud-review', element: <RequireRole allow={can.reviewRisk}>{page(ReviewsPage)}</RequireRole> },
      { path: 'blocklist', element: <RequireRole allow={can.reviewRisk}>{page(BlocklistPage)}</RequireRole> },
      { path: 'risk-settings', element: <RequireRole allow={can.riskSettings}>{page(RiskSettingsPage)}</RequireRole> },
      { path: 'audit-log', element: <RequireRole allow={can.admin}>{page(AuditLogPage)}</RequireRole> },
      { path: 'event-delivery', element: <RequireRole allow={can.admin}>{page(EventDeliveryPage)}</RequireRole> },
      { path: 'api-keys', element: <RequireRole allow={can.admin}>{page(ApiKeysPage)}</RequireRole> },
      { path: 'users', element: <RequireRole allow={can.admin}>{page(UsersPage)}</RequireRole> },
      { path: 'webhooks', element: <RequireRole allow={can.admin}>{page(WebhooksPage)}</RequireRole> },
      { path: '*', element: page(NotFoundPage) },
    ],
  },
]);
