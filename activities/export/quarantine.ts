import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from '../../store/db.js';
import { parsePackageDirName } from '../../domain/export/package-layout.js';
import { setPackageStatus } from '../../store/export/export-store.js';
import { verifyPackageDir, type PackageVerification } from '../../store/export/verify-package.js';
import { syncDirectory } from '../../store/export/file-io.js';
import { quarantineDir } from '../../store/export/package-paths.js';

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

/**
 * Re-hashes a published package; one that verifies is recorded as verified (now), one that does not
 * is moved to quarantine. The one path both the export and the delivery-health check take.
 */
export async function verifyOrQuarantine(
  pool: Pool,
  root: string,
  input: { account: string; packageDir: string },
): Promise<PackageVerification & { quarantinedTo: string | null }> {
  const result = await verifyPackageDir(input.packageDir);
  if (result.ok) {
    const parsed = parsePackageDirName(path.basename(input.packageDir));
    if (parsed) await setPackageStatus(pool, { account: input.account, ...parsed }, 'verified');
    return { ...result, quarantinedTo: null };
  }
  const { quarantinedTo } = await quarantinePackage(pool, root, {
    ...input,
    reason: result.problems.slice(0, 3).join('; '),
  });
  return { ...result, quarantinedTo };
}
