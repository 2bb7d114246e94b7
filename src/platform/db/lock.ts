import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per PGlite data folder: a second one would corrupt it. Takes `<dataDir>.lock`
 * (O_EXCL create, holding our pid); a lock left by a dead process is taken over.
 * Returns the release function.
 */
const heldHere = new Set<string>();

export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${resolve(dataDir)}.lock`;
  if (heldHere.has(lockPath)) {
    throw new DataDirLockedError(`The embedded database in ${resolve(dataDir)} is already open in this process.`);
  }
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      heldHere.add(lockPath);
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(lockPath);
        process.off('exit', release);
        rmSync(lockPath, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(
          `The embedded database in ${resolve(dataDir)} is in use by another Ordo process (pid ${pid}). ` +
            `Stop it, or set ORDO_DATA_DIR to another folder, or use DATABASE_URL for a PostgreSQL server.`,
        );
      }
      rmSync(lockPath, { force: true }); // stale: the owner is gone
    }
  }
  throw new DataDirLockedError(`Could not take the lock ${lockPath}`);
}
