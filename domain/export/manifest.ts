import { canonicalJson } from '../../lib/canonical-json.js';

export interface ManifestFile {
  name: string;
  bytes: number;
  /** Data rows of a CSV file (the header excluded); 1 for a JSON document. */
  rows: number;
  sha256: string;
}

/** manifest.json: what a package holds and where it came from. */
export interface ExportManifest {
  packageId: string;
  account: string;
  date: string;
  schemaVersion: string;
  files: ManifestFile[];
  codeVersion: string;
  /** SHA-256 of config_snapshot.json's content. */
  configHash: string;
  /** The market data behind the day's decisions: SHA-256 over the sorted dataset hashes of the runs that decided. */
  datasetHash: string;
  /**
   * SHA-256 over what the package says (account, date, schema, every file's name, size, rows and
   * hash, config and dataset hashes) — not when or by which build it was made. Two builds of the same
   * data have the same manifest hash: that is how a rerun is recognised as a no-op.
   */
  manifestHash: string;
  createdAt: string;
}

export type ManifestContent = Pick<
  ExportManifest,
  'account' | 'date' | 'schemaVersion' | 'files' | 'configHash' | 'datasetHash'
>;

/** The canonical bytes the manifest hash is taken over. */
export function manifestHashInput(content: ManifestContent): string {
  return canonicalJson({
    account: content.account,
    date: content.date,
    schemaVersion: content.schemaVersion,
    files: [...content.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    configHash: content.configHash,
    datasetHash: content.datasetHash,
  });
}

/** Readable and unique per content: account, date and the first 12 hex digits of the manifest hash. */
export function packageIdOf(account: string, date: string, manifestHash: string): string {
  return `${account}-${date}-${manifestHash.slice(0, 12)}`;
}
