import { formatKg } from '../../../domain/shipping/zpl.js';
import { code128Png, collect, loadPdfkit } from './label-pdf.js';

export interface ManifestDoc {
  number: string;
  date: string;
  carrier: string;
  location: { code: string; name: string; lines: string[] };
  rows: Array<{ shipment: string; order: string; service: string; trackingNumbers: string[]; parcels: number; weightGrams: number }>;
}

/**
 * The end-of-day scan form the driver signs: one row per handed-off shipment, totals of parcels and
 * weight, and the manifest number as Code 128 so the carrier scans one barcode for the whole pickup.
 */
export async function manifestPdf(m: ManifestDoc): Promise<Buffer> {
  const PDFDocument = await loadPdfkit();
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `Manifest ${m.number}`, Producer: 'Ordo' } });
  const done = collect(doc);
  doc.font('Helvetica-Bold').fontSize(18).text('END OF DAY MANIFEST', 40, 40);
  doc.font('Helvetica').fontSize(10).text(`${m.number}   ${m.date}   Carrier ${m.carrier}`, 40, 64);
  doc.image(await code128Png(m.number, { height: 12, scale: 3 }), 360, 30, { fit: [195, 50] });
  doc.fontSize(9).text([`${m.location.name} (${m.location.code})`, ...m.location.lines].join('\n'), 40, 86, { width: 300 });
  const cols = [40, 110, 180, 250, 450, 500];
  let y = 160;
  doc.font('Helvetica-Bold').fontSize(8);
  ['Shipment', 'Order', 'Service', 'Tracking numbers', 'Parcels', 'Weight'].forEach((h, i) => doc.text(h, cols[i]!, y, { width: (cols[i + 1] ?? 555) - cols[i]! - 4 }));
  doc.moveTo(40, y + 12).lineTo(555, y + 12).stroke();
  y += 18;
  doc.font('Helvetica').fontSize(8);
  for (const r of m.rows) {
    if (y > 760) {
      doc.addPage();
      y = 40;
    }
    const cells = [r.shipment, r.order, r.service, r.trackingNumbers.join(', '), String(r.parcels), formatKg(r.weightGrams)];
    cells.forEach((c, i) => doc.text(c, cols[i]!, y, { width: (cols[i + 1] ?? 555) - cols[i]! - 4 }));
    y += Math.max(14, 11 * Math.ceil(r.trackingNumbers.length / 2));
  }
  doc.moveTo(40, y).lineTo(555, y).stroke();
  y += 8;
  const parcels = m.rows.reduce((s, r) => s + r.parcels, 0);
  const weight = m.rows.reduce((s, r) => s + r.weightGrams, 0);
  doc.font('Helvetica-Bold').fontSize(10).text(`Total: ${m.rows.length} shipments, ${parcels} parcels, ${formatKg(weight)}`, 40, y);
  doc.font('Helvetica').fontSize(9).text('Driver signature: ______________________   Time: ________', 40, y + 40);
  doc.end();
  return done;
}
