/** `ORDO_IMPORT_TIMING=1`: the time of each import step on stderr (label and milliseconds since `t0`). */
export const timing = process.env.ORDO_IMPORT_TIMING
  ? (label: string, t0: number): void => void process.stderr.write(`${label} ${(performance.now() - t0).toFixed(0)}ms\n`)
  : (): void => {};
