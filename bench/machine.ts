import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  ramGb: number;
  node: string;
  postgres: string;
  pgbench: string;
  loadAvgAtStart: number[];
}

export function machineInfo(postgresVersion: string): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    /* not Linux */
  }
  let pgbench = 'unknown';
  try {
    pgbench = execFileSync('pgbench', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    /* reported when pgbench runs */
  }
  return {
    nproc: cpus().length,
    cpuModel,
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: postgresVersion,
    pgbench,
    loadAvgAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** 1-minute load average: other work on the machine shows up here (the benchmark itself adds to it). */
export const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100;
