import { mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from '../../store/db.js';
import { parsePackageDirName } from '../../domain/export/package-layout.js';
import { planRetention, type PublishedPackage } from '../../domain/export/retention.js';
import { packageRecords, setPackageStatus } from '../../store/export/export-store.js';
import { listDirectory, removeTree, syncDirectory } from '../../store/export/file-io.js';
import { accountDir, STAGING, TRASH, trashDir } from '../../store/export/package-paths.js';
import { readManifest } from '../../store/export/verify-package.js';
import { PACKAGE_FILES } from '../../domain/export/package-files.js';

/** Staged builds older than this belong to exports that died; a live build is never this old. */
const STALE_STAGING_MS = 24 * 3_600_000;

export interface RetentionOutcome {
  removed: string[];
  kept: number;
  staleStagingRemoved: string[];
}

/**
 * Removes the account's packages that retention allows (see planRetention: complete, verified, old
 * enough, never the newest). "Verified" is what the verify step recorded for that exact manifest;
 * "complete" is checked on disk now. Each removal is a rename into `.trash` (atomic: the package
 * disappears whole) and then a delete.
 */
export async function applyRetention(
  pool: Pool,
  root: string,
  input: { account: string; retentionDays: number },
): Promise<RetentionOutcome> {
  const dir = accountDir(root, input.account);
  const records = await packageRecords(pool, { account: input.account });
  const packages: PublishedPackage[] = [];
  for (const name of await listDirectory(dir)) {
    const parsed = parsePackageDirName(name);
    if (!parsed) continue;
    const packagePath = path.join(dir, name);
    const manifest = await readManifest(packagePath);
    const present = new Set(await listDirectory(packagePath));
    const complete =
      manifest.ok &&
      PACKAGE_FILES.every((file) => present.has(file)) &&
      manifest.manifest.files.every((file) => present.has(file.name));
    const record = records.find((r) => r.date === parsed.date && r.revision === parsed.revision);
    const verified =
      manifest.ok && record?.status === 'verified' && record.manifestHash === manifest.manifest.manifestHash;
    packages.push({ account: input.account, ...parsed, path: packagePath, complete, verified });
  }
  const plan = planRetention(packages, input.retentionDays);
  const removed: string[] = [];
  for (const pkg of plan.remove) {
    const target = trashDir(root, input.account, path.basename(pkg.path), new Date());
    await mkdir(path.dirname(target), { recursive: true });
    await rename(pkg.path, target);
    await syncDirectory(dir);
    await setPackageStatus(pool, pkg, 'removed', `retention: older than ${input.retentionDays} days`);
    await removeTree(target);
    removed.push(pkg.path);
  }
  return { removed, kept: plan.keep.length, staleStagingRemoved: await removeStale(root) };
}

async function removeStale(root: string): Promise<string[]> {
  const removed: string[] = [];
  for (const parent of [STAGING, TRASH]) {
    for (const name of await listDirectory(path.join(root, parent))) {
      const entry = path.join(root, parent, name);
      const info = await stat(entry).catch(() => null);
      if (parent === TRASH || (info && Date.now() - info.mtimeMs > STALE_STAGING_MS)) {
        await removeTree(entry);
        removed.push(entry);
      }
    }
  }
  return removed;
}
