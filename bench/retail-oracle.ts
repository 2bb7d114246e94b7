import { readFileSync } from 'node:fs';

/**
 * An independent reading of an Online Retail CSV for the tests and scripts/check-sales-report.ts: its own
 * quote-aware splitter and integer arithmetic in thousandths of a penny, no Ordo code. Gross sales follow
 * issue 15: Σ quantity × unit price of lines with positive quantity and price on sale invoices (no C/A prefix).
 */
export interface OracleFigures {
  orders: number;
  units: number;
  /** In 10^-6 GBP. */
  gross: bigint;
}

export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function micro(price: string): bigint {
  const neg = price.startsWith('-');
  const [i, f = ''] = (neg ? price.slice(1) : price).split('.');
  const v = BigInt(i!) * 1_000_000n + BigInt(f.padEnd(6, '0'));
  return neg ? -v : v;
}

const iso: Record<string, string> = {
  'United Kingdom': 'GB', France: 'FR', Australia: 'AU', Netherlands: 'NL', Germany: 'DE', Norway: 'NO', EIRE: 'IE', Switzerland: 'CH',
  Spain: 'ES', Poland: 'PL', Portugal: 'PT', Italy: 'IT', Belgium: 'BE', Lithuania: 'LT', Japan: 'JP', Iceland: 'IS', Denmark: 'DK',
  Cyprus: 'CY', Sweden: 'SE', Austria: 'AT', Israel: 'IL', Finland: 'FI', Greece: 'GR', Singapore: 'SG', Lebanon: 'LB',
  'United Arab Emirates': 'AE', 'Saudi Arabia': 'SA', 'Czech Republic': 'CZ', Canada: 'CA', Brazil: 'BR', USA: 'US', Bahrain: 'BH',
  Malta: 'MT', RSA: 'ZA', 'Hong Kong': 'HK',
};

export interface Oracle {
  totals: OracleFigures;
  byMonth: Map<string, OracleFigures>;
  byCountry: Map<string, OracleFigures>;
  /** Σ −quantity and Σ −quantity × price over C invoice lines. */
  credits: { units: number; amount: bigint };
  dataLines: number;
}

/** Reads the whole text (tests: a slice) or is fed line by line through `oracleFromLines`. */
export function oracleFromFile(path: string): Oracle {
  return oracleFromLines(readFileSync(path, 'utf8').split('\n'));
}

export function oracleFromLines(lines: Iterable<string>): Oracle {
  const o = new OracleAccumulator();
  for (const line of lines) o.add(line);
  return o.result();
}

type Acc = OracleFigures & { invoices: Set<string> };
const empty = (): Acc => ({ orders: 0, units: 0, gross: 0n, invoices: new Set() });

/** Fed one line at a time (the first is the header), so a script can stream a file of any size. */
export class OracleAccumulator {
  private readonly totals = empty();
  private readonly byMonth = new Map<string, Acc>();
  private readonly byCountry = new Map<string, Acc>();
  private readonly credits = { units: 0, amount: 0n };
  private dataLines = 0;
  private first = true;

  add(line: string): void {
    if (this.first) {
      this.first = false;
      return;
    }
    if (line === '') return;
    this.dataLines++;
    const [inv, , , qty, date, price, , country] = splitCsvLine(line) as string[];
    const q = Number(qty);
    const p = micro(price!);
    if (inv!.startsWith('C')) {
      this.credits.units -= q;
      this.credits.amount -= BigInt(q) * p;
      return;
    }
    if (inv!.startsWith('A') || q <= 0 || p <= 0n) return;
    const month = date!.slice(0, 7);
    const c = iso[country!] ?? country!;
    if (!this.byMonth.has(month)) this.byMonth.set(month, empty());
    if (!this.byCountry.has(c)) this.byCountry.set(c, empty());
    for (const f of [this.totals, this.byMonth.get(month)!, this.byCountry.get(c)!]) {
      f.units += q;
      f.gross += BigInt(q) * p;
      f.invoices.add(inv!);
    }
  }

  result(): Oracle {
    const fin = (f: Acc): OracleFigures => ({ orders: f.invoices.size, units: f.units, gross: f.gross });
    return {
      totals: fin(this.totals),
      byMonth: new Map([...this.byMonth].map(([k, v]) => [k, fin(v)])),
      byCountry: new Map([...this.byCountry].map(([k, v]) => [k, fin(v)])),
      credits: { ...this.credits },
      dataLines: this.dataLines,
    };
  }
}

/** 10^-6 GBP → the report's decimal string (trailing zeros trimmed, at least 2 decimals). */
export function asDecimal(m: bigint): string {
  const neg = m < 0n;
  const a = neg ? -m : m;
  let f = (a % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  if (f.length < 2) f = f.padEnd(2, '0');
  return `${neg ? '-' : ''}${a / 1_000_000n}.${f}`;
}
