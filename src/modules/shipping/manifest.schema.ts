import { z } from 'zod';

/** A carrier manifest (scan form) as the API and the `manifest.created` event show it. */
export const manifestSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    carrierCode: z.string(),
    locationCode: z.string(),
    shipmentCount: z.number().int(),
    parcelCount: z.number().int(),
    weightGrams: z.number().int(),
    shipments: z.array(z.string()),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Manifest' });
export type ManifestJson = z.infer<typeof manifestSchema>;
