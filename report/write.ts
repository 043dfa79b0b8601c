import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from './types.ts';
import { reportSchema } from './schema.ts';
import { validatorFor } from '../runners/validate.ts';

/**
 * Write-then-rename in the same folder: a reader sees the old file or the new one,
 * never half of either, and an interrupted run leaves the previous report intact.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

const validateReport = validatorFor<Report>(reportSchema);

/** The canonical report is checked against its schema before it may reach the disk. */
export function checkReport(report: unknown, where = 'report'): Report {
  return validateReport(report, where);
}

export async function writeReport(file: string, report: Report): Promise<void> {
  checkReport(report, file);
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
}
