import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from '../../store/db.js';
import { ApplicationFailure } from '@temporalio/common';
import { JSON_FILES } from '../../domain/export/package-files.js';
import { nextRevision, packageDirName, parsePackageDirName } from '../../domain/export/package-layout.js';
import type { SchemaDiagnostics } from '../../store/export/day-documents.js';
import { packageRevisions, recordPublished, withExportDayLock } from '../../store/export/export-store.js';
import { listDirectory, removeTree, syncDirectory } from '../../store/export/file-io.js';
import { accountDir } from '../../store/export/package-paths.js';
import { readManifest } from '../../store/export/verify-package.js';
import { FAILURE } from '../../contracts/failures.js';

export interface PublishedPackage {
  path: string;
  revision: number;
  packageId: string;
  manifestHash: string;
  /** The same content was already published: nothing was written. */
  alreadyPublished: boolean;
}

/**
 * Publishes a staged package: one rename of its directory to `<root>/<account>/<date>` (or the
 * next `<date>.rN` when that day already has different content — an existing package is never
 * overwritten). The staged files were fsynced when built; the rename is made durable by fsyncing the
 * account directory. If a package with the same manifest hash is already there the staged copy is
 * dropped and the existing one returned, so a rerun, or a retry after a crash between the rename and
 * the activity's completion, publishes nothing twice. One publisher per account and day at a time
 * (a PostgreSQL advisory lock), so two concurrent exports cannot both take the same revision.
 */
export async function publishPackage(
  pool: Pool,
  root: string,
  input: { account: string; date: string; stagingDir: string; manifestHash: string; packageId: string },
): Promise<PublishedPackage> {
  return withExportDayLock(pool, input, async (client) => {
    const dir = accountDir(root, input.account);
    const revisions: number[] = [];
    for (const name of await listDirectory(dir)) {
      const parsed = parsePackageDirName(name);
      if (!parsed || parsed.date !== input.date) continue;
      revisions.push(parsed.revision);
      const existing = await readManifest(path.join(dir, name));
      if (existing.ok && existing.manifest.manifestHash === input.manifestHash) {
        const published = path.join(dir, name);
        await record(client, input, parsed.revision, published);
        await removeTree(input.stagingDir);
        return { ...base(input), path: published, revision: parsed.revision, alreadyPublished: true };
      }
    }
    if (!(await exists(input.stagingDir))) {
      throw ApplicationFailure.nonRetryable(
        `the staged package ${input.stagingDir} is gone and no published package has manifest hash ${input.manifestHash}`,
        FAILURE.exportStagingLost,
      );
    }
    const recorded = await packageRevisions(client, input.account, input.date);
    // Quarantined and removed revisions keep their numbers: a revision number is never reused.
    const revision = nextRevision([...revisions, ...recorded]);
    const target = path.join(dir, packageDirName(input.date, revision));
    await mkdir(dir, { recursive: true });
    await rename(input.stagingDir, target);
    await syncDirectory(dir);
    await syncDirectory(path.dirname(input.stagingDir));
    await record(client, input, revision, target);
    return { ...base(input), path: target, revision, alreadyPublished: false };
  });
}

const base = (input: { packageId: string; manifestHash: string }) => ({
  packageId: input.packageId,
  manifestHash: input.manifestHash,
});

async function exists(dir: string): Promise<boolean> {
  try {
    await stat(dir);
    return true;
  } catch {
    return false;
  }
}

async function record(
  db: Parameters<typeof recordPublished>[0],
  input: { account: string; date: string; packageId: string; manifestHash: string },
  revision: number,
  published: string,
): Promise<void> {
  const diagnostics = JSON.parse(
    await readFile(path.join(published, JSON_FILES.schemaDiagnostics), 'utf8'),
  ) as SchemaDiagnostics;
  await recordPublished(db, {
    account: input.account,
    date: input.date,
    revision,
    packageId: input.packageId,
    manifestHash: input.manifestHash,
    path: published,
    decisions: diagnostics.decisions,
    nonWarmupFailures: diagnostics.nonWarmupFailures,
    topNonWarmupFields: diagnostics.topNonWarmupFields,
  });
}
