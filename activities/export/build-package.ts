import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from '../../store/db.js';
import type { KeelConfig } from '../../config/schema.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import {
  manifestHashInput,
  packageIdOf,
  type ExportManifest,
  type ManifestFile,
} from '../../domain/export/manifest.js';
import {
  CSV_FILES,
  EXPORT_SCHEMA_VERSION,
  JSON_FILES,
  MANIFEST_FILE,
  type CsvFileKey,
} from '../../domain/export/package-files.js';
import { codeVersion } from '../../lib/code-version.js';
import { writeCsvFromQuery } from '../../store/export/csv-from-query.js';
import { DAY_QUERIES } from '../../store/export/day-queries.js';
import {
  configSnapshotDocument,
  metricsDocument,
  reconcileDocument,
  schemaDiagnosticsDocument,
  type DayScope,
} from '../../store/export/day-documents.js';
import { removeTree, syncDirectory, writeTextFile } from '../../store/export/file-io.js';
import { stagingDir } from '../../store/export/package-paths.js';
import { withReadOnlySnapshot } from '../../store/transaction.js';
import { sha256 } from '../../lib/hash.js';

export interface BuiltPackage {
  stagingDir: string;
  packageId: string;
  manifestHash: string;
  files: number;
  bytes: number;
  rows: Record<string, number>;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Builds the package of one account and day in a fresh staging directory inside the publish root
 * (same file system, so publishing is one rename). Every file comes from one REPEATABLE READ
 * snapshot of the database, so the files agree with each other; each is streamed to disk and
 * fsynced, then the manifest is written last. A retried build starts again from an empty directory.
 */
export async function buildPackage(
  deps: { pool: Pool; config: KeelConfig; heartbeat?: (step: string) => void },
  input: { account: string; date: string; start: number; end: number; buildId: string },
): Promise<BuiltPackage> {
  const dir = stagingDir(deps.config.export.publishRoot, input.account, input.date, input.buildId);
  await removeTree(dir);
  await mkdir(dir, { recursive: true });
  const scope: DayScope = {
    account: input.account,
    date: input.date,
    start: new Date(input.start),
    end: new Date(input.end),
  };
  const params = [scope.account, scope.start, scope.end];
  const files: ManifestFile[] = [];

  const { snapshot, documents } = await withReadOnlySnapshot(deps.pool, async (client) => {
    for (const key of Object.keys(CSV_FILES) as CsvFileKey[]) {
      const written = await writeCsvFromQuery(client, CSV_FILES[key], DAY_QUERIES[key].select, params, dir);
      files.push({ name: written.name, bytes: written.bytes, rows: written.rows, sha256: written.sha256 });
      deps.heartbeat?.(written.name);
    }
    const snapshot = await configSnapshotDocument(client, scope, deps.config);
    const documents: [string, unknown][] = [
      [JSON_FILES.reconcile, await reconcileDocument(client, scope)],
      [JSON_FILES.metrics, await metricsDocument(client, scope)],
      [JSON_FILES.schemaDiagnostics, await schemaDiagnosticsDocument(client, scope)],
      [JSON_FILES.configSnapshot, snapshot.document],
    ];
    return { snapshot, documents };
  });
  for (const [name, document] of documents) {
    const written = await writeTextFile(path.join(dir, name), json(document));
    files.push({ name, bytes: written.bytes, rows: 1, sha256: written.sha256 });
  }
  const hashes = {
    configHash: sha256(canonicalJson(snapshot.document)),
    datasetHash: sha256(canonicalJson(snapshot.datasetHashes)),
  };

  files.sort((a, b) => (a.name < b.name ? -1 : 1));
  const content = {
    account: input.account,
    date: input.date,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    files,
    ...hashes,
  };
  const manifestHash = sha256(manifestHashInput(content));
  const manifest: ExportManifest = {
    packageId: packageIdOf(input.account, input.date, manifestHash),
    ...content,
    codeVersion: codeVersion(),
    manifestHash,
    createdAt: new Date().toISOString(),
  };
  await writeTextFile(path.join(dir, MANIFEST_FILE), json(manifest));
  await syncDirectory(dir);
  return {
    stagingDir: dir,
    packageId: manifest.packageId,
    manifestHash,
    files: files.length + 1,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    rows: Object.fromEntries(files.map((file) => [file.name, file.rows])),
  };
}
