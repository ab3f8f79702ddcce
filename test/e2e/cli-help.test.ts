import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKeel, type KeelResult } from '../helpers/run-keel.js';

// Needs no server: every call below fails or answers before connecting to anything.
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/root',
  KEEL_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'keel-cli-help-')),
  KEEL_POSTGRES_PORT: '1',
  KEEL_TEMPORAL_PORT: '2',
  KEEL_TEMPORAL_UI_PORT: '3',
  KEEL_SIM_PORT: '4',
  KEEL_HEALTH_PORT: '5',
};

/** The subcommands a help text lists under "Commands:" (help itself left out). */
function subcommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

describe('the keel CLI', () => {
  it('every command and subcommand answers --help (exit 0) with a description and described options', async () => {
    const top = await runKeel(['--help'], env);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Exit codes: 0 ok, 1 failure, 2 bad input');
    const commands = subcommands(top.stdout);
    expect(commands).toEqual(
      expect.arrayContaining(['dev', 'worker', 'order', 'desk', 'burn-in', 'export', 'demo']),
    );

    const paths: string[][] = [];
    for (const [command, help] of await inBatches(
      commands,
      4,
      async (c) => [c, await runKeel([c, '--help'], env)] as const,
    )) {
      expect(help.code, `${command} --help: ${help.stderr}`).toBe(0);
      paths.push([command]);
      for (const sub of subcommands(help.stdout)) paths.push([command, sub]);
    }
    const helps: [string[], KeelResult][] = await inBatches(paths, 4, async (p) => [
      p,
      await runKeel([...p, '--help'], env),
    ]);
    for (const [args, help] of helps) {
      const name = args.join(' ');
      expect(help.code, `${name} --help: ${help.stderr}`).toBe(0);
      expect(help.stdout, name).toContain(`Usage: keel ${name}`);
      // A description line follows the usage line.
      expect(help.stdout.split('\n')[2]?.trim().length ?? 0, `${name} has no description`).toBeGreaterThan(
        10,
      );
      const options = (help.stdout.split(/^Options:$/m)[1] ?? '').split(/^Commands:$/m)[0]!;
      for (const line of options.split('\n').filter((l) => /^ {2}-/.test(l)))
        expect(
          line.trim().split(/ {2,}/).length,
          `${name}: option without a description: ${line}`,
        ).toBeGreaterThan(1);
    }
    expect(paths.length).toBeGreaterThan(30);
  }, 300_000);

  it('produces every documented exit code: 0 ok, 1 failure, 2 bad input', async () => {
    expect((await runKeel(['config', 'show', '--json'], env)).code).toBe(0);
    // Failure: nothing runs in this data dir.
    const status = await runKeel(['dev', 'status'], env);
    expect(status.code).toBe(1);
    // Bad input: an unknown command, a bad flag value, an invalid configuration.
    for (const args of [
      ['frobnicate'],
      ['export', 'run', '--date', 'yesterday'],
      ['--profile', 'staging', 'config', 'show'],
      ['demo', '--days', '0'],
    ]) {
      const bad = await runKeel(args, env);
      expect(bad.code, `${args.join(' ')}: ${bad.stderr}`).toBe(2);
      expect(bad.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
  }, 120_000);
});
