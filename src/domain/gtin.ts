/**
 * GS1 check digit (GTIN-8/12/13/14): weights 3,1,3,1… from the right, excluding the check digit.
 * @example isValidGtin('4006381333931') // true
 */
export function gtinCheckDigit(body: string): number {
  let total = 0;
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    total += d * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (total % 10)) % 10;
}

export function isValidGtin(code: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code[code.length - 1]);
}
