import type { Schemas } from '../../api/client';

export const poStatusColor: Record<Schemas['PurchaseOrder']['status'], string> = { draft: 'gray', sent: 'blue', partially_received: 'yellow', received: 'teal', cancelled: 'red' };
