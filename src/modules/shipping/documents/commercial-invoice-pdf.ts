import { format, money } from '../../../domain/money.js';
import type { Declaration } from '../../../domain/shipping/customs.js';
import { addressLines, formatKg, type LabelAddress } from '../../../domain/shipping/zpl.js';
import { code128Png, collect, loadPdfkit } from './label-pdf.js';

export interface InvoiceParties {
  invoiceNumber: string;
  orderNumber: string;
  date: string;
  currency: string;
  shipping: bigint;
  exporter: LabelAddress & { vatId?: string | undefined; eori?: string | undefined };
  consignee: LabelAddress;
  reasonForExport: string;
  trackingNumber?: string | undefined;
}

/**
 * The commercial invoice customs asks for with every parcel leaving the customs territory: parties,
 * one row per item with HS code, origin, quantity, unit and line value and weight, the totals, the
 * Incoterm and who pays duties, and the form (CN22/CN23) the parcel carries.
 */
export async function commercialInvoicePdf(d: Declaration, p: InvoiceParties): Promise<Buffer> {
  const PDFDocument = await loadPdfkit();
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `Commercial invoice ${p.invoiceNumber}`, Producer: 'Ordo' } });
  const done = collect(doc);
  const m = (amount: bigint) => format(money(amount, p.currency));
  doc.font('Helvetica-Bold').fontSize(18).text('COMMERCIAL INVOICE', 40, 40);
  doc.font('Helvetica').fontSize(9).text(`Invoice ${p.invoiceNumber}   Order ${p.orderNumber}   Date ${p.date}`, 40, 64);
  if (p.trackingNumber) doc.image(await code128Png(p.trackingNumber, { height: 10, scale: 2 }), 380, 36, { fit: [175, 40] });
  const block = (title: string, a: LabelAddress, extra: string[], x: number) => {
    doc.font('Helvetica-Bold').fontSize(9).text(title, x, 90);
    doc.font('Helvetica').fontSize(9).text([...addressLines(a), ...extra].join('\n'), x, 103, { width: 240 });
  };
  block('Exporter', p.exporter, [p.exporter.vatId ? `VAT ${p.exporter.vatId}` : '', p.exporter.eori ? `EORI ${p.exporter.eori}` : ''].filter(Boolean), 40);
  block('Consignee', p.consignee, [], 300);
  const cols = [40, 210, 285, 330, 370, 440, 500];
  let y = 200;
  doc.font('Helvetica-Bold').fontSize(8);
  ['Description', 'HS code', 'Origin', 'Qty', 'Unit value', 'Value', 'Weight'].forEach((h, i) => doc.text(h, cols[i]!, y, { width: (cols[i + 1] ?? 555) - cols[i]! - 4 }));
  doc.moveTo(40, y + 12).lineTo(555, y + 12).stroke();
  y += 18;
  doc.font('Helvetica').fontSize(8);
  for (const l of d.lines) {
    const row = [`${l.description} (${l.sku})`, l.hsCode ?? '—', l.originCountry ?? '—', String(l.quantity), m(l.unitValue), m(l.lineValue), formatKg(l.lineWeightGrams)];
    row.forEach((c, i) => doc.text(c, cols[i]!, y, { width: (cols[i + 1] ?? 555) - cols[i]! - 4 }));
    y += 16;
  }
  doc.moveTo(40, y).lineTo(555, y).stroke();
  y += 8;
  const total = (label: string, value: string) => {
    doc.font('Helvetica-Bold').text(label, 330, y, { width: 160 });
    doc.font('Helvetica').text(value, 440, y, { width: 115 });
    y += 14;
  };
  total('Total value of goods', m(d.totalValue));
  total('Shipping', m(p.shipping));
  total('Gross weight', formatKg(d.totalWeightGrams));
  total('Incoterm', `${d.incoterm} (duties paid by ${d.payer})`);
  total('Estimated duty', m(d.duty));
  total('Estimated import VAT', m(d.vat));
  total('Customs form', d.form);
  y += 10;
  doc.font('Helvetica').fontSize(8).text(`Reason for export: ${p.reasonForExport}. I declare that the information on this invoice is true and correct.`, 40, y, { width: 515 });
  doc.end();
  return done;
}
