import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { manifestHashInput, packageIdOf, type ManifestContent } from '../../domain/export/manifest.js';
import { PACKAGE_FILES } from '../../domain/export/package-files.js';

const content: ManifestContent = {
  account: 'paper',
  date: '2026-01-05',
  schemaVersion: '1',
  files: [
    { name: 'b.csv', bytes: 10, rows: 2, sha256: 'b'.repeat(64) },
    { name: 'a.csv', bytes: 5, rows: 1, sha256: 'a'.repeat(64) },
  ],
  configHash: 'c'.repeat(64),
  datasetHash: 'd'.repeat(64),
};
const hash = (c: ManifestContent) => createHash('sha256').update(manifestHashInput(c)).digest('hex');

describe('the manifest hash', () => {
  it('does not depend on the order files are listed in', () => {
    expect(hash({ ...content, files: [...content.files].reverse() })).toBe(hash(content));
  });

  it('leaves out when and by which build a package was made', () => {
    const withExtras = {
      ...content,
      createdAt: '2026-11-21T00:00:00.000Z',
      codeVersion: 'x',
      packageId: 'y',
    };
    expect(hash(withExtras)).toBe(hash(content));
  });

  it.each([
    ['account', { account: 'other' }],
    ['date', { date: '2026-01-06' }],
    ['schema version', { schemaVersion: '2' }],
    ['config hash', { configHash: 'e'.repeat(64) }],
    ['dataset hash', { datasetHash: 'e'.repeat(64) }],
    ['a file hash', { files: [{ ...content.files[0]!, sha256: 'f'.repeat(64) }, content.files[1]!] }],
    ['a row count', { files: [{ ...content.files[0]!, rows: 3 }, content.files[1]!] }],
  ])('changes with the %s', (_label, change) => {
    expect(hash({ ...content, ...change })).not.toBe(hash(content));
  });

  it('names the package by account, date and the first 12 digits of the hash', () => {
    expect(packageIdOf('paper', '2026-01-05', 'abcdef0123456789'.repeat(4))).toBe(
      'paper-2026-01-05-abcdef012345',
    );
  });
});

describe('the package files', () => {
  it('are every CSV and JSON document, sorted, without the manifest', () => {
    expect(PACKAGE_FILES).toEqual([
      'config_snapshot.json',
      'decisions.csv',
      'desk_events.csv',
      'fills.csv',
      'metrics.json',
      'orders.csv',
      'reason_mapping.csv',
      'reconcile.json',
      'risk_decisions.csv',
      'schema_diagnostics.json',
      'tca.csv',
    ]);
  });
});
