import type PDFDocument from 'pdfkit';
import { sortPickWalk } from '../../domain/fulfillment/pick-walk.js';
import type { FulfillmentJson } from './fulfillment.repository.js';
import type { PickListJson } from './pick-lists.js';

// pdfkit and bwip-js load at the first document, not at start (together ~30 MB resident the API
// process would otherwise carry from boot; docs/benchmarks.md). Node caches the modules after that.
const loadPdfkit = async (): Promise<typeof PDFDocument> => (await import('pdfkit')).default;

/** Code 128 barcode PNG of a fulfillment/order/pick-list number, with the text under it. */
export async function code128Png(text: string): Promise<Buffer> {
  const { toBuffer } = await import('bwip-js');
  return toBuffer({ bcid: 'code128', text, scale: 3, height: 12, includetext: true, textxalign: 'center' });
}

async function render(build: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const PDFDocument = await loadPdfkit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: 'Ordo', Producer: 'Ordo' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      build(doc);
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}

/** Simple fixed-column table row; wraps long cells, returns nothing (moves doc.y). */
function row(doc: PDFKit.PDFDocument, cells: string[], widths: number[], opts: { bold?: boolean } = {}) {
  const y = doc.y;
  let x = doc.page.margins.left;
  doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  let maxH = 0;
  cells.forEach((c, i) => {
    const h = doc.heightOfString(c, { width: widths[i]! - 6 });
    maxH = Math.max(maxH, h);
  });
  if (y + maxH > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y;
  cells.forEach((c, i) => {
    doc.text(c, x, top, { width: widths[i]! - 6 });
    x += widths[i]!;
  });
  doc.x = doc.page.margins.left;
  doc.y = top + maxH + 4;
}

/** `1.4 kg` (grams to kilograms, at most 2 decimals, no trailing zeros). */
export const kg = (grams: number) => `${Number((grams / 1000).toFixed(2))} kg`;

/** "Package 1 of 2: box M, 1.4 kg, 300×250×150 mm — 2 × MUG-1, 1 × PEN-1" for the packing slip. */
export function packageLine(p: FulfillmentJson['packages'][number], of: number): string {
  const box = p.boxCode ? `box ${p.boxCode}` : 'own carton';
  const contents = p.contents ? p.contents.map((c) => `${c.quantity} × ${c.sku}`).join(', ') : 'contents not itemised';
  return `Package ${p.seq} of ${of}: ${box}, ${kg(p.weightGrams)}, ${p.dimensionsMm.length}×${p.dimensionsMm.width}×${p.dimensionsMm.height} mm — ${contents}`;
}

const customizationText = (c: Record<string, string>) => Object.entries(c).map(([k, v]) => `${k}: ${v}`).join('\n');

/**
 * Packing slip for the parcel: fulfillment and order numbers, a Code 128 barcode of the fulfillment
 * number (scanned at hand-off), ship-to, the packages (box, weight, size, contents), lines with
 * quantities and customizations. No prices: the
 * warehouse does not see money, and gifts travel with the slip.
 */
export async function packingSlipPdf(f: FulfillmentJson): Promise<Buffer> {
  const barcode = await code128Png(f.number);
  return render((doc) => {
    doc.font('Helvetica-Bold').fontSize(18).text('Packing slip');
    doc.font('Helvetica').fontSize(10).text(`Fulfillment ${f.number} · Order ${f.orderNumber} · ${f.locationCode}`);
    doc.image(barcode, doc.page.width - doc.page.margins.right - 180, 40, { width: 180 });
    doc.moveDown();
    const to = f.shipTo;
    doc.font('Helvetica-Bold').text(f.type === 'pickup' ? 'Store pickup for' : 'Ship to');
    doc.font('Helvetica').text([to.name, to.company, to.line1, to.line2, `${to.postalCode} ${to.city}`, to.region, to.country].filter(Boolean).join('\n'));
    if (f.packages.length) doc.moveDown();
    for (const p of f.packages) doc.text(packageLine(p, f.packages.length));
    doc.moveDown();
    const w = [90, 200, 50, 175];
    row(doc, ['SKU', 'Item', 'Qty', 'Customization'], w, { bold: true });
    for (const l of f.lines) {
      if (l.picked === 0 && f.status !== 'open' && f.status !== 'picking') continue;
      row(doc, [l.sku, l.name, String(l.picked || l.quantity - l.short), customizationText(l.customization)], w);
    }
  });
}

/** Pick list of one fulfillment order, in walk (bin) order. */
export async function fulfillmentPickListPdf(f: FulfillmentJson): Promise<Buffer> {
  const barcode = await code128Png(f.number);
  const lines = sortPickWalk(f.lines);
  return render((doc) => {
    doc.font('Helvetica-Bold').fontSize(18).text(`Pick list ${f.number}`);
    doc.font('Helvetica').fontSize(10).text(`Order ${f.orderNumber} · location ${f.locationCode} · ${f.type}`);
    doc.image(barcode, doc.page.width - doc.page.margins.right - 180, 40, { width: 180 });
    doc.moveDown(2);
    const w = [70, 90, 180, 90, 40, 45];
    row(doc, ['Bin', 'SKU', 'Item', 'GTIN', 'Qty', 'Picked'], w, { bold: true });
    for (const l of lines) {
      row(doc, [l.bin ?? '—', l.sku, l.name + (Object.keys(l.customization).length ? `\n${customizationText(l.customization)}` : ''), l.gtin ?? '', String(l.quantity - l.short), ''], w);
    }
  });
}

/** Wave pick list: one stop per SKU in bin order, with the per-order split for sorting afterwards. */
export async function wavePickListPdf(p: PickListJson): Promise<Buffer> {
  const barcode = await code128Png(p.number);
  return render((doc) => {
    doc.font('Helvetica-Bold').fontSize(18).text(`Wave pick list ${p.number}`);
    doc.font('Helvetica').fontSize(10).text(`Location ${p.locationCode} · ${p.fulfillmentOrders.length} fulfillment orders · ${p.createdAt.slice(0, 16).replace('T', ' ')} UTC`);
    doc.image(barcode, doc.page.width - doc.page.margins.right - 180, 40, { width: 180 });
    doc.moveDown(2);
    const w = [70, 90, 170, 40, 145];
    row(doc, ['Bin', 'SKU', 'Item', 'Qty', 'Orders'], w, { bold: true });
    for (const l of p.lines) {
      row(doc, [l.bin ?? '—', l.sku, l.name, String(l.quantity), l.orders.map((o) => `${o.fulfillmentNumber}: ${o.quantity}`).join('\n')], w);
    }
  });
}
