import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { labelPdf } from '../../src/modules/shipping/documents/label-pdf.js';
import { labelZpl, type LabelData } from '../../src/domain/shipping/zpl.js';
import { makeS10, isValidS10 } from '../../src/domain/shipping/tracking-numbers.js';
import { barcodesInPdf } from '../support/barcodes.js';

const label = (trackingNumber: string, packageOf?: string): LabelData => ({
  carrier: 'Ordo Post',
  service: 'Standard',
  trackingNumber,
  from: { name: 'Shop GmbH', line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  to: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
  weightGrams: 1250,
  reference: 'SO-000123',
  packageOf,
});

describe('4×6 label PDF', () => {
  it('parses as a PDF whose barcode decodes to the tracking number, with the same data as the ZPL', async () => {
    const tracking = makeS10('LX', 47312482, 'DE');
    expect(isValidS10(tracking)).toBe(true);
    const pdf = await labelPdf([label(tracking)]);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await getDocumentProxy(new Uint8Array(pdf));
    expect(doc.numPages).toBe(1);
    const { width, height } = (await doc.getPage(1)).getViewport({ scale: 1 });
    expect([width, height]).toEqual([288, 432]);
    expect(await barcodesInPdf(pdf)).toEqual([{ format: 'Code128', text: tracking }]);
    const { text } = await extractText(doc, { mergePages: true });
    const zpl = labelZpl(label(tracking));
    for (const s of ['Ada Lovelace', '10117 Berlin', 'ORDO POST STANDARD', 'Weight 1.25 kg', 'Ref SO-000123', tracking]) {
      expect(text).toContain(s);
      expect(zpl).toContain(s);
    }
  });

  it('prints one page per package of a multi-package shipment', async () => {
    const a = makeS10('LX', 1, 'DE');
    const b = makeS10('LX', 2, 'DE');
    const pdf = await labelPdf([label(a, '1/2'), label(b, '2/2')]);
    expect((await getDocumentProxy(new Uint8Array(pdf))).numPages).toBe(2);
    expect(await barcodesInPdf(pdf, 2)).toEqual([{ format: 'Code128', text: b }]);
  });
});

describe('commercial invoice PDF', () => {
  it('lists every item with HS code and origin and carries the declaration totals', async () => {
    const { declare } = await import('../../src/domain/shipping/customs.js');
    const { commercialInvoicePdf } = await import('../../src/modules/shipping/documents/commercial-invoice-pdf.js');
    const d = declare({
      items: [
        { sku: 'SHIRT', description: 'Linen shirt', quantity: 2, unitValue: 4990n, unitWeightGrams: 300, hsCode: '6205.90', originCountry: 'PT' },
        { sku: 'LAMP', description: 'Desk lamp', quantity: 1, unitValue: 12900n, unitWeightGrams: 1400, hsCode: '9405.21', originCountry: 'DE' },
      ],
      packagingWeightGrams: 200,
      shipping: 1500n,
      thresholds: { cn22MaxValue: 38000n, cn22MaxWeightGrams: 2000 },
      duties: { country: 'GB', dutyByHsPrefix: { '6205': 1000, '94': 270 }, defaultDutyBp: 400, vatBp: 2000, vatOnShipping: true },
      incoterm: 'DDP',
    });
    const tracking = makeS10('CX', 12345678, 'DE');
    const pdf = await commercialInvoicePdf(d, {
      invoiceNumber: 'CI-SO-000123',
      orderNumber: 'SO-000123',
      date: '2026-11-26',
      currency: 'EUR',
      shipping: 1500n,
      exporter: { name: 'Shop GmbH', line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE', eori: 'DE123456789012345' },
      consignee: { name: 'Ada Lovelace', line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
      reasonForExport: 'Sale of goods',
      trackingNumber: tracking,
    });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    for (const s of ['COMMERCIAL INVOICE', 'Linen shirt (SHIRT)', '6205.90', 'PT', '99.80 EUR', '129.00 EUR', '228.80 EUR', '2.2 kg', 'DDP', '13.46 EUR', '51.45 EUR', 'CN23', 'EORI DE123456789012345']) {
      expect(text).toContain(s);
    }
    expect(await barcodesInPdf(pdf)).toEqual([{ format: 'Code128', text: tracking }]);
  });
});
