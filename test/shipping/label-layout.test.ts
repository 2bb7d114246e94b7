/**
 * The 4×6 label's text never overlaps: every text run pdf.js finds on the page is turned into its box
 * (baseline, ascent, descent, width) and no two boxes of different runs intersect — with ordinary data
 * and with the long carrier/service names and addresses that used to print the service over the weight.
 */
import { describe, expect, it } from 'vitest';
import { getDocumentProxy } from 'unpdf';
import { labelPdf } from '../../src/modules/shipping/documents/label-pdf.js';
import type { LabelData } from '../../src/domain/shipping/zpl.js';

interface Box { str: string; left: number; right: number; bottom: number; top: number }

async function textBoxes(pdf: Buffer): Promise<Box[]> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const content = await (await doc.getPage(1)).getTextContent();
  return (content.items as Array<{ str: string; transform: number[]; width: number; height: number }>)
    .filter((i) => i.str.trim() !== '')
    .map((i) => {
      const size = Math.hypot(i.transform[2]!, i.transform[3]!) || i.height;
      const [x, y] = [i.transform[4]!, i.transform[5]!];
      // Helvetica: ascent 0.718, descent 0.207 of the font size.
      return { str: i.str, left: x, right: x + i.width, bottom: y - 0.207 * size, top: y + 0.718 * size };
    });
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.bottom < b.top && b.bottom < a.top;

function overlapping(boxes: Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]!, boxes[j]!)) out.push(`“${boxes[i]!.str}” × “${boxes[j]!.str}”`);
  return out;
}

const base: LabelData = {
  carrier: 'Ordo Post',
  service: 'Standard',
  trackingNumber: 'LX473124829DE',
  from: { name: 'Shop GmbH', line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  to: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
  weightGrams: 1250,
  reference: 'SO-000123',
};

const long: LabelData = {
  ...base,
  carrier: 'USPS via EasyPost',
  service: 'Priority Mail Express International Flat Rate Envelope',
  from: { name: 'Kitchen & Garden Supplies Europe GmbH', company: 'Fulfilment Centre North-East', line1: 'Industriestraße 144, Halle 7, Tor 12', line2: 'Rampe 3 – Warenausgang', city: 'Frankfurt (Oder)', region: 'Brandenburg', postalCode: '15236', country: 'DE' },
  to: { name: 'Maximiliane Alexandra von Hohenzollern-Sigmaringen', company: 'Architekturbüro Sonnenschein & Partner mbB', line1: 'Karl-Liebknecht-Straße 123, Hinterhaus, 4. Obergeschoss links', line2: 'c/o Rezeption, bitte klingeln bei Sonnenschein', city: 'Berlin-Friedrichshain-Kreuzberg', region: 'Berlin', postalCode: '10243', country: 'DE' },
  weightGrams: 23_450,
  reference: 'SO-000123 / FO-000456 / PO-2026-12-0001-ABCDEFGH',
  packageOf: '12/12',
};

describe('label PDF layout', () => {
  it('has no overlapping text with ordinary data, and keeps the service line above the weight line', async () => {
    const boxes = await textBoxes(await labelPdf([base]));
    expect(overlapping(boxes)).toEqual([]);
    const service = boxes.find((b) => b.str.includes('ORDO POST STANDARD'))!;
    const weight = boxes.find((b) => b.str.startsWith('Weight'))!;
    expect(service.bottom).toBeGreaterThan(weight.top);
  });

  it('fits a long carrier/service name, long addresses and reference without any overlap', async () => {
    const boxes = await textBoxes(await labelPdf([long]));
    expect(overlapping(boxes)).toEqual([]);
    const weight = boxes.find((b) => b.str.startsWith('Weight'))!;
    expect(weight.str).toBe('Weight 23.45 kg');
    expect(boxes.filter((b) => b.str.includes('Package 12/12')).map((b) => Math.round(b.bottom))).toEqual([Math.round(weight.bottom)]);
    // Every run of the service name lies above the weight line; the reference below it.
    const serviceRuns = boxes.filter((b) => /PRIORITY|EASYPOST|ENVELOPE/.test(b.str));
    expect(serviceRuns.length).toBeGreaterThan(0);
    for (const s of serviceRuns) expect(s.bottom).toBeGreaterThan(weight.top);
    const ref = boxes.find((b) => b.str.startsWith('Ref'))!;
    expect(ref.top).toBeLessThan(weight.bottom);
    // Nothing leaves the 288 × 432 pt page.
    for (const b of boxes) expect([b.left >= 0, b.right <= 288, b.bottom >= 0, b.top <= 432]).toEqual([true, true, true, true]);
  });
});
