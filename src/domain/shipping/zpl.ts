/**
 * A 4×6 in shipping label in ZPL II (203 dpi: 812 × 1218 dots) for thermal printers: ship-from and
 * ship-to blocks, service, weight, reference, and a Code 128 barcode of the tracking number.
 */
export interface LabelAddress {
  name?: string | undefined;
  company?: string | undefined;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  country: string;
}

export interface LabelData {
  carrier: string;
  service: string;
  trackingNumber: string;
  from: LabelAddress;
  to: LabelAddress;
  weightGrams: number;
  reference: string;
  /** "1/2" for multi-package shipments. */
  packageOf?: string | undefined;
}

/** ZPL field data cannot contain the command prefixes ^ and ~; non-ASCII goes through as UTF-8 (^CI28). */
export const zplText = (s: string) => s.replace(/[\^~\\]/g, ' ').replace(/[\r\n]+/g, ' ').trim();

export function addressLines(a: LabelAddress): string[] {
  return [a.name, a.company, a.line1, a.line2, `${a.postalCode} ${a.city}${a.region ? `, ${a.region}` : ''}`, a.country]
    .filter((x): x is string => Boolean(x && x.trim()))
    .map(zplText);
}

export function formatKg(grams: number): string {
  return `${(grams / 1000).toFixed(grams % 100 === 0 ? 1 : 2)} kg`;
}

export function labelZpl(d: LabelData): string {
  const out: string[] = ['^XA', '^CI28', '^PW812', '^LL1218', '^LH0,0'];
  const text = (x: number, y: number, h: number, s: string) => out.push(`^FO${x},${y}^A0N,${h},${h}^FD${zplText(s)}^FS`);
  text(30, 30, 28, 'FROM');
  addressLines(d.from).forEach((l, i) => text(30, 64 + i * 30, 26, l));
  out.push('^FO20,270^GB772,3,3^FS');
  text(30, 290, 32, 'TO');
  addressLines(d.to).forEach((l, i) => text(30, 332 + i * 44, 40, l));
  out.push('^FO20,620^GB772,3,3^FS');
  text(30, 640, 44, `${d.carrier} ${d.service}`.toUpperCase());
  text(30, 700, 32, `Weight ${formatKg(d.weightGrams)}${d.packageOf ? `   Package ${d.packageOf}` : ''}`);
  text(30, 745, 28, `Ref ${d.reference}`);
  out.push('^FO20,800^GB772,3,3^FS');
  out.push(`^FO60,840^BY3^BCN,220,Y,N,N^FD${zplText(d.trackingNumber)}^FS`);
  out.push('^XZ');
  return out.join('\n');
}
