import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';
import { parsePackageDirName } from '../../domain/export/package-layout.js';
import { setPackageStatus } from './export-store.js';
import { syncDirectory } from './file-io.js';
import { quarantineDir } from './package-paths.js';

/**
 * Takes a published package that failed verification out of the publish root: consumers must never
 * read it as good. It is moved, not deleted, so an operator can see what changed.
 */
export async function quarantinePackage(
  pool: Pool,
  root: string,
  input: { account: string; packageDir: string; reason: string },
): Promise<{ quarantinedTo: string }> {
  const dirName = path.basename(input.packageDir);
  const target = quarantineDir(root, input.account, dirName, new Date());
  await mkdir(path.dirname(target), { recursive: true });
  await rename(input.packageDir, target);
  await syncDirectory(path.dirname(input.packageDir));
  const parsed = parsePackageDirName(dirName);
  if (parsed)
    await setPackageStatus(
      pool,
      { account: input.account, date: parsed.date, revision: parsed.revision },
      'quarantined',
      `${input.reason} (moved to ${target})`,
    );
  return { quarantinedTo: target };
}
