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
