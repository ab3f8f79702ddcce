import path from 'node:path';
import { packageDirName } from '../../domain/export/package-layout.js';

/**
 * Where things live under the publish root. Only `<account>/<date>[.rN]/` directories are
 * published packages; the dot-directories beside them are Keel's own and never a package:
 * packages being built (`.staging`), packages that failed verification (`.quarantine`) and packages
 * being removed (`.trash`) — a directory is renamed there first so a half-deleted package is never
 * visible.
 */
export const STAGING = '.staging';
export const QUARANTINE = '.quarantine';
export const TRASH = '.trash';

export function stagingDir(root: string, account: string, date: string, buildId: string): string {
  return path.join(root, STAGING, `${account}--${date}--${buildId.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
}

export function accountDir(root: string, account: string): string {
  return path.join(root, account);
}

export function publishedDir(root: string, account: string, date: string, revision: number): string {
  return path.join(root, account, packageDirName(date, revision));
}

export function quarantineDir(root: string, account: string, dirName: string, at: Date): string {
  return path.join(root, QUARANTINE, account, `${dirName}--${at.toISOString().replace(/[:.]/g, '-')}`);
}

export function trashDir(root: string, account: string, dirName: string, at: Date): string {
  return path.join(root, TRASH, `${account}--${dirName}--${at.getTime()}`);
}
