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
  const empty = (): OracleFigures & { invoices: Set<string> } => ({ orders: 0, units: 0, gross: 0n, invoices: new Set() });
  const totals = empty();
  const byMonth = new Map<string, ReturnType<typeof empty>>();
  const byCountry = new Map<string, ReturnType<typeof empty>>();
  const credits = { units: 0, amount: 0n };
  let dataLines = 0;
  let first = true;
  const add = (f: ReturnType<typeof empty>, inv: string, q: number, p: bigint) => {
    f.units += q;
    f.gross += BigInt(q) * p;
    f.invoices.add(inv);
  };
  for (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    if (line === '') continue;
    dataLines++;
    const [inv, , , qty, date, price, , country] = splitCsvLine(line) as string[];
    const q = Number(qty);
    const p = micro(price!);
    if (inv!.startsWith('C')) {
      credits.units -= q;
      credits.amount -= BigInt(q) * p;
      continue;
    }
    if (inv!.startsWith('A') || q <= 0 || p <= 0n) continue;
    const month = date!.slice(0, 7);
    const c = iso[country!] ?? country!;
    if (!byMonth.has(month)) byMonth.set(month, empty());
    if (!byCountry.has(c)) byCountry.set(c, empty());
    add(totals, inv!, q, p);
    add(byMonth.get(month)!, inv!, q, p);
    add(byCountry.get(c)!, inv!, q, p);
  }
  const fin = (f: ReturnType<typeof empty>): OracleFigures => ({ orders: f.invoices.size, units: f.units, gross: f.gross });
  return {
    totals: fin(totals),
    byMonth: new Map([...byMonth].map(([k, v]) => [k, fin(v)])),
    byCountry: new Map([...byCountry].map(([k, v]) => [k, fin(v)])),
    credits,
    dataLines,
  };
}

/** 10^-6 GBP → the report's decimal string (trailing zeros trimmed, at least 2 decimals). */
export function asDecimal(m: bigint): string {
  const neg = m < 0n;
  const a = neg ? -m : m;
  let f = (a % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  if (f.length < 2) f = f.padEnd(2, '0');
  return `${neg ? '-' : ''}${a / 1_000_000n}.${f}`;
}
