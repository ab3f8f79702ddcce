import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { manifestHashInput, type ExportManifest } from '../../domain/export/manifest.js';
import { MANIFEST_FILE, PACKAGE_FILES } from '../../domain/export/package-files.js';
import { hashFile, listDirectory } from './file-io.js';
import { sha256 } from '../../lib/hash.js';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestSchema = z.object({
  packageId: z.string().min(1),
  account: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  schemaVersion: z.string().min(1),
  files: z.array(
    z.object({
      name: z.string().min(1),
      bytes: z.number().int().min(0),
      rows: z.number().int().min(0),
      sha256: hex64,
    }),
  ),
  codeVersion: z.string(),
  configHash: hex64,
  datasetHash: hex64,
  manifestHash: hex64,
  createdAt: z.string(),
});

export async function readManifest(
  dir: string,
): Promise<{ ok: true; manifest: ExportManifest } | { ok: false; problem: string }> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    return { ok: false, problem: `${MANIFEST_FILE} cannot be read: ${(error as Error).message}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${MANIFEST_FILE} is not valid JSON` };
  }
  const result = ManifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { ok: false, problem: `${MANIFEST_FILE}: ${issue.path.join('.') || '(root)'} ${issue.message}` };
  }
  return { ok: true, manifest: result.data };
}

export interface FileVerification {
  name: string;
  /** What the file hashes to now (null when it is missing). */
  sha256: string | null;
  expectedSha256: string | null;
  ok: boolean;
  problem?: string;
}

export interface PackageVerification {
  ok: boolean;
  dir: string;
  packageId: string | null;
  manifestHash: string | null;
  files: FileVerification[];
  problems: string[];
}

/**
 * Re-hashes every file of a package directory against its manifest: a changed, truncated, missing
 * or extra file, a manifest whose own hash does not match its content, or a package that lacks one
 * of the files every package has, fails verification. Reads only; changes nothing.
 */
export async function verifyPackageDir(dir: string): Promise<PackageVerification> {
  const read = await readManifest(dir);
  if (!read.ok) {
    return { ok: false, dir, packageId: null, manifestHash: null, files: [], problems: [read.problem] };
  }
  const { manifest } = read;
  const problems: string[] = [];
  const recomputed = sha256(manifestHashInput(manifest));
  if (recomputed !== manifest.manifestHash)
    problems.push(`${MANIFEST_FILE}: its manifestHash does not match its content (the manifest was changed)`);
  const listed = new Set(manifest.files.map((file) => file.name));
  for (const name of PACKAGE_FILES)
    if (!listed.has(name)) problems.push(`${MANIFEST_FILE} does not list ${name}: the package is incomplete`);

  const files: FileVerification[] = [];
  for (const entry of manifest.files) {
    const filePath = path.join(dir, path.basename(entry.name));
    try {
      const actual = await hashFile(filePath);
      const ok = actual.sha256 === entry.sha256 && actual.bytes === entry.bytes;
      files.push({
        name: entry.name,
        sha256: actual.sha256,
        expectedSha256: entry.sha256,
        ok,
        ...(ok
          ? {}
          : {
              problem: `has ${actual.bytes} bytes hashing to ${actual.sha256}, manifest says ${entry.bytes} bytes ${entry.sha256}`,
            }),
      });
    } catch (error) {
      files.push({
        name: entry.name,
        sha256: null,
        expectedSha256: entry.sha256,
        ok: false,
        problem: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      });
    }
  }
  for (const name of await listDirectory(dir)) {
    if (name !== 'manifest.json' && !listed.has(name)) {
      files.push({ name, sha256: null, expectedSha256: null, ok: false, problem: 'is not in the manifest' });
    }
  }
  for (const file of files) if (!file.ok) problems.push(`${file.name} ${file.problem ?? 'failed'}`);
  return {
    ok: problems.length === 0,
    dir,
    packageId: manifest.packageId,
    manifestHash: manifest.manifestHash,
    files,
    problems,
  };
}
