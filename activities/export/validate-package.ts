import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { Pool } from '../../store/db.js';
import { checkCell, checkHeader } from '../../domain/export/cell-types.js';
import {
  CSV_FILES,
  JSON_FILES,
  type CsvFileKey,
  type CsvFileSpec,
} from '../../domain/export/package-files.js';
import { countDayRows } from '../../store/export/day-queries.js';
import { DigestStream } from '../../store/export/file-io.js';
import { readManifest } from '../../store/export/verify-package.js';
import type { ExportManifest } from '../../domain/export/manifest.js';

/** Enough to find a defect; a broken file would otherwise report every one of its rows. */
const MAX_PROBLEMS = 20;

export interface PackageValidation {
  ok: boolean;
  problems: string[];
  /** The database no longer has the rows the package was built from (late data): build it again. */
  dataChanged: boolean;
  rows: Record<string, number>;
}

/**
 * Validates a staged package before it is published: every CSV file is re-read with its header and
 * every cell checked against the file's column types, its rows counted and its bytes re-hashed
 * against the manifest; each JSON file must parse and name the package's account and day; and every
 * CSV file's row count must equal what the database holds for the day now.
 */
export async function validateStagedPackage(
  pool: Pool,
  dir: string,
  scope: { account: string; date: string; start: number; end: number },
): Promise<PackageValidation> {
  const read = await readManifest(dir);
  if (!read.ok) return { ok: false, problems: [read.problem], dataChanged: false, rows: {} };
  const { manifest } = read;
  const problems: string[] = [];
  const rows: Record<string, number> = {};
  const note = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  if (manifest.account !== scope.account || manifest.date !== scope.date)
    note(`manifest is for ${manifest.account} ${manifest.date}, expected ${scope.account} ${scope.date}`);

  for (const key of Object.keys(CSV_FILES) as CsvFileKey[]) {
    const spec = CSV_FILES[key];
    const entry = manifest.files.find((file) => file.name === spec.name);
    if (!entry) {
      note(`${spec.name} is missing from the manifest`);
      continue;
    }
    const checked = await checkCsvFile(path.join(dir, spec.name), spec, note);
    rows[spec.name] = checked.rows;
    if (checked.sha256 !== entry.sha256 || checked.bytes !== entry.bytes)
      note(`${spec.name} does not hash to its manifest entry`);
    if (checked.rows !== entry.rows)
      note(`${spec.name} has ${checked.rows} rows, its manifest entry says ${entry.rows}`);
  }
  for (const name of Object.values(JSON_FILES)) await checkJsonFile(dir, name, manifest, note);

  let dataChanged = false;
  for (const key of Object.keys(CSV_FILES) as CsvFileKey[]) {
    const name = CSV_FILES[key].name;
    const inDatabase = await countDayRows(pool, key, scope);
    if (rows[name] !== undefined && rows[name] !== inDatabase) {
      dataChanged = true;
      note(`${name} has ${rows[name]} rows but the database now has ${inDatabase} for the day`);
    }
  }
  return { ok: problems.length === 0, problems, dataChanged, rows };
}

async function checkCsvFile(
  filePath: string,
  spec: CsvFileSpec,
  note: (problem: string) => void,
): Promise<{ rows: number; bytes: number; sha256: string }> {
  const digest = new DigestStream();
  let rows = 0;
  try {
    await pipeline(
      createReadStream(filePath),
      digest,
      parse({ relax_column_count: true }),
      async (records: AsyncIterable<string[]>) => {
        let header = true;
        for await (const record of records) {
          if (header) {
            const problem = checkHeader(spec.columns, record);
            if (problem) note(`${spec.name} header: ${problem}`);
            header = false;
            continue;
          }
          rows++;
          if (record.length !== spec.columns.length) {
            note(`${spec.name} row ${rows}: ${record.length} cells, expected ${spec.columns.length}`);
            continue;
          }
          spec.columns.forEach((column, index) => {
            const problem = checkCell(column, record[index]!);
            if (problem) note(`${spec.name} row ${rows} column ${column.name}: ${problem}`);
          });
        }
        if (header) note(`${spec.name} has no header row`);
      },
    );
  } catch (error) {
    note(`${spec.name} cannot be read as CSV: ${(error as Error).message}`);
  }
  return { rows, bytes: digest.bytes, sha256: digest.digest() };
}

async function checkJsonFile(
  dir: string,
  name: string,
  manifest: ExportManifest,
  note: (problem: string) => void,
): Promise<void> {
  try {
    const bytes = await readFile(path.join(dir, name));
    const entry = manifest.files.find((file) => file.name === name);
    if (!entry) note(`${name} is missing from the manifest`);
    else if (
      createHash('sha256').update(bytes).digest('hex') !== entry.sha256 ||
      bytes.length !== entry.bytes
    )
      note(`${name} does not hash to its manifest entry`);
    const document = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    if (document.account !== manifest.account || document.date !== manifest.date)
      note(`${name} does not name the package's account and date`);
  } catch (error) {
    note(`${name} is not readable JSON: ${(error as Error).message}`);
  }
}
