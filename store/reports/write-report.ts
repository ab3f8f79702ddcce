/**
 * Writes a burn-in's truth report to disk: report.json (the data) and report.html (the rendering), each
 * atomically, so a reader never sees a half-written file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../../lib/canonical-json.js';
import {
  nonFiniteNumberPaths,
  reportDigestInput,
  type TruthReport,
} from '../../domain/report/truth-report.js';
import { renderReportHtml } from '../../domain/report/render-html.js';

export interface WrittenTruthReport {
  jsonPath: string;
  htmlPath: string;
  /** sha256 (hex) of the canonical JSON of reportDigestInput(report). */
  reportHash: string;
}

/** sha256 hex of the report's canonical JSON (minus volatile fields): equal reports, equal hashes. */
export function truthReportHash(report: TruthReport): string {
  return createHash('sha256')
    .update(canonicalJson(reportDigestInput(report)))
    .digest('hex');
}

/**
 * Writes `report.json` and `report.html` into `outDir` (created if missing), each via a temp file in the
 * same directory and a rename. Throws, writing nothing, if the report holds a NaN or infinite number: JSON
 * would turn it into null and report.json would not read back as the report that was hashed.
 */
export async function writeTruthReport(report: TruthReport, outDir: string): Promise<WrittenTruthReport> {
  const bad = nonFiniteNumberPaths(report);
  if (bad.length > 0) {
    const shown = bad.slice(0, 10).join(', ') + (bad.length > 10 ? `, … (${bad.length} in all)` : '');
    throw new Error(`Truth report ${report.runId} has non-finite numbers JSON cannot hold: ${shown}`);
  }
  const reportHash = truthReportHash(report);
  // -0 is written as 0 (JSON.stringify does so anyway); every other finite number round-trips exactly.
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const html = renderReportHtml(report, { reportHash });

  await mkdir(outDir, { recursive: true });
  const jsonPath = join(outDir, 'report.json');
  const htmlPath = join(outDir, 'report.html');
  await writeAtomically(jsonPath, json);
  await writeAtomically(htmlPath, html);
  return { jsonPath, htmlPath, reportHash };
}

async function writeAtomically(path: string, content: string): Promise<void> {
  // The temp file sits next to the target, so the rename stays on one file system and is atomic.
  const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, content, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
