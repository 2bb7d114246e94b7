import type PDFDocument from 'pdfkit';
import { addressLines, formatKg, type LabelData } from '../../../domain/shipping/zpl.js';

/**
 * pdfkit, loaded at the first document rather than at start (it and bwip-js cost the API process
 * ~30 MB resident from boot; docs/benchmarks.md). Node caches the module after the first call.
 */
export const loadPdfkit = async (): Promise<typeof PDFDocument> => (await import('pdfkit')).default;

/** Code 128 of `text` as a PNG with a white background and quiet zones, so every scanner reads it. */
export async function code128Png(text: string, opts: { height?: number; scale?: number } = {}): Promise<Buffer> {
  const { default: bwipjs } = await import('bwip-js');
  return bwipjs.toBuffer({
    bcid: 'code128',
    text,
    scale: opts.scale ?? 3,
    height: opts.height ?? 18,
    includetext: false,
    paddingwidth: 10,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  });
}

/** The bytes of a pdfkit document once it ends. */
export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * A 4×6 in (288 × 432 pt) shipping label per package, the same data as the ZPL version: ship-from,
 * ship-to, carrier and service, weight, reference and the tracking number as Code 128.
 */
export async function labelPdf(labels: readonly LabelData[]): Promise<Buffer> {
  const PDFDocument = await loadPdfkit();
  const doc = new PDFDocument({ size: [288, 432], margin: 14, autoFirstPage: false, info: { Title: 'Shipping label', Producer: 'Ordo' } });
  const done = collect(doc);
  for (const d of labels) {
    doc.addPage();
    doc.font('Helvetica-Bold').fontSize(7).text('FROM', 14, 14);
    doc.font('Helvetica').fontSize(8).text(addressLines(d.from).join('\n'), 14, 24, { width: 260 });
    doc.moveTo(10, 92).lineTo(278, 92).lineWidth(1.5).stroke();
    doc.font('Helvetica-Bold').fontSize(8).text('TO', 14, 98);
    doc.font('Helvetica-Bold').fontSize(12).text(addressLines(d.to).join('\n'), 14, 110, { width: 260 });
    doc.moveTo(10, 212).lineTo(278, 212).stroke();
    doc.font('Helvetica-Bold').fontSize(14).text(`${d.carrier} ${d.service}`.toUpperCase(), 14, 220, { width: 260 });
    doc.font('Helvetica').fontSize(9).text(`Weight ${formatKg(d.weightGrams)}${d.packageOf ? `   Package ${d.packageOf}` : ''}`, 14, 242);
    doc.text(`Ref ${d.reference}`, 14, 256);
    doc.moveTo(10, 274).lineTo(278, 274).stroke();
    doc.image(await code128Png(d.trackingNumber), 24, 284, { fit: [240, 100], align: 'center' });
    doc.font('Helvetica-Bold').fontSize(11).text(d.trackingNumber, 14, 392, { width: 260, align: 'center' });
  }
  doc.end();
  return done;
}
