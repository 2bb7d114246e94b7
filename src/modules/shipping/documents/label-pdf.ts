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
 * Writes `text` inside a box: the largest font size from `size` down to `minSize` at which it fits the
 * box's height (wrapped to its width); at the smallest size what still does not fit is cut with an
 * ellipsis. So a long service name or address never runs into the next block of the label.
 */
function fitText(doc: PDFKit.PDFDocument, text: string, box: { x: number; y: number; width: number; height: number }, font: { name: string; size: number; minSize: number }) {
  doc.font(font.name);
  let size = font.size;
  for (; size > font.minSize; size -= 0.5) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width: box.width }) <= box.height) break;
  }
  doc.fontSize(size).text(text, box.x, box.y, { width: box.width, height: box.height, ellipsis: true, lineGap: 0 });
}

/**
 * The label's blocks (points from the top-left of a 288 × 432 pt page), each a fixed box the text is
 * fitted into: nothing can overlap whatever the length of names, addresses or service.
 */
export const labelLayout = {
  fromTitle: { x: 14, y: 14, width: 260, height: 9 },
  from: { x: 14, y: 24, width: 260, height: 64 },
  rule1: 92,
  toTitle: { x: 14, y: 98, width: 260, height: 10 },
  to: { x: 14, y: 110, width: 260, height: 98 },
  rule2: 212,
  service: { x: 14, y: 217, width: 260, height: 30 },
  weight: { x: 14, y: 249, width: 260, height: 11 },
  reference: { x: 14, y: 261, width: 260, height: 11 },
  rule3: 274,
  barcode: { x: 24, y: 284, width: 240, height: 100 },
  tracking: { x: 14, y: 392, width: 260, height: 16 },
} as const;

/**
 * A 4×6 in (288 × 432 pt) shipping label per package, the same data as the ZPL version: ship-from,
 * ship-to, carrier and service, weight, reference and the tracking number as Code 128.
 */
export async function labelPdf(labels: readonly LabelData[]): Promise<Buffer> {
  const PDFDocument = await loadPdfkit();
  const doc = new PDFDocument({ size: [288, 432], margin: 14, autoFirstPage: false, info: { Title: 'Shipping label', Producer: 'Ordo' } });
  const done = collect(doc);
  const L = labelLayout;
  const rule = (y: number, width = 1) => doc.moveTo(10, y).lineTo(278, y).lineWidth(width).stroke();
  for (const d of labels) {
    doc.addPage();
    fitText(doc, 'FROM', L.fromTitle, { name: 'Helvetica-Bold', size: 7, minSize: 7 });
    fitText(doc, addressLines(d.from).join('\n'), L.from, { name: 'Helvetica', size: 8, minSize: 6 });
    rule(L.rule1, 1.5);
    fitText(doc, 'TO', L.toTitle, { name: 'Helvetica-Bold', size: 8, minSize: 8 });
    fitText(doc, addressLines(d.to).join('\n'), L.to, { name: 'Helvetica-Bold', size: 12, minSize: 8 });
    rule(L.rule2);
    fitText(doc, `${d.carrier} ${d.service}`.toUpperCase(), L.service, { name: 'Helvetica-Bold', size: 14, minSize: 8 });
    fitText(doc, `Weight ${formatKg(d.weightGrams)}${d.packageOf ? `   Package ${d.packageOf}` : ''}`, L.weight, { name: 'Helvetica', size: 9, minSize: 7 });
    fitText(doc, `Ref ${d.reference}`, L.reference, { name: 'Helvetica', size: 9, minSize: 7 });
    rule(L.rule3);
    doc.image(await code128Png(d.trackingNumber), L.barcode.x, L.barcode.y, { fit: [L.barcode.width, L.barcode.height], align: 'center' });
    doc.font('Helvetica-Bold').fontSize(11).text(d.trackingNumber, L.tracking.x, L.tracking.y, { width: L.tracking.width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
