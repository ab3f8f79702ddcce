import path from 'node:path';
import type { KeelConfig } from '../../config/schema.js';
import { createPool } from '../../store/pool.js';
import { parsePackageDirName } from '../../domain/export/package-layout.js';
import { packageRecords, type PackageStatus } from '../../store/export/export-store.js';
import { listDirectory } from '../../store/export/file-io.js';
import { readManifest } from '../../store/export/verify-package.js';

export interface ListedPackage {
  account: string;
  date: string;
  revision: number;
  packageId: string | null;
  path: string;
  files: number;
  bytes: number;
  /** What the export recorded; "unrecorded" for a directory no export of this database published. */
  status: PackageStatus | 'unrecorded';
  publishedAt: string | null;
  verifiedAt: string | null;
}

/**
 * The packages in the publish root — the publish root is the truth of what consumers see — joined
 * with what the export recorded of each (status, when published and verified).
 */
export async function listPackages(config: KeelConfig, account?: string): Promise<ListedPackage[]> {
  const root = config.export.publishRoot;
  const pool = createPool(config.database.url, { max: 1, applicationName: 'keel export list' });
  try {
    const records = await packageRecords(pool, account ? { account } : {});
    const accounts = account
      ? [account]
      : (await listDirectory(root)).filter((name) => !name.startsWith('.')).sort();
    const listed: ListedPackage[] = [];
    for (const name of accounts) {
      for (const dirName of (await listDirectory(path.join(root, name))).sort()) {
        const parsed = parsePackageDirName(dirName);
        if (!parsed) continue;
        const dir = path.join(root, name, dirName);
        const manifest = await readManifest(dir);
        const record = records.find(
          (r) => r.account === name && r.date === parsed.date && r.revision === parsed.revision,
        );
        listed.push({
          account: name,
          ...parsed,
          packageId: manifest.ok ? manifest.manifest.packageId : null,
          path: dir,
          files: manifest.ok ? manifest.manifest.files.length + 1 : 0,
          bytes: manifest.ok ? manifest.manifest.files.reduce((sum, file) => sum + file.bytes, 0) : 0,
          status: record?.status ?? 'unrecorded',
          publishedAt: record?.publishedAt ?? null,
          verifiedAt: record?.verifiedAt ?? null,
        });
      }
    }
    return listed.sort((a, b) =>
      a.account !== b.account
        ? a.account < b.account
          ? -1
          : 1
        : a.date !== b.date
          ? a.date < b.date
            ? -1
            : 1
          : a.revision - b.revision,
    );
  } finally {
    await pool.end();
  }
}
