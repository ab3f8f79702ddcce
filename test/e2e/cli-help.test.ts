import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeOrderArgs, runKeel, type KeelResult } from '../helpers/run-keel.js';

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

/** Every command that prints a result has --json (a foreground server, venue-sim, has none). */
const JSON_COMMANDS = [
  'dev up',
  'dev down',
  'dev status',
  'worker',
  'order place',
  'order cancel',
  'order show',
  'order list',
  'positions',
  'desk status',
  'desk halt',
  'desk close-only',
  'desk resume',
  'risk explain',
  'reconcile',
  'burn-in start',
  'burn-in status',
  'burn-in stop',
  'burn-in report',
  'export run',
  'export verify',
  'export list',
  'export schedule',
  'export backfill',
  'export health',
  'demo',
  'check',
  'config show',
  'config sessions',
  'config diff',
  'db migrate',
  'db status',
];

/** `keel order place` of 1 BTCUSDT market buy on paper, with the flags given replaced. */
function placeOrder(flags: { side?: string; type?: string; qty?: string }): string[] {
  const { side = 'buy', type = 'market', qty = '1' } = flags;
  return placeOrderArgs({ account: 'paper', symbol: 'BTCUSDT', side, type, qty });
}

/**
 * Bad input, one or more per command that takes any, each refused before anything connects: the
 * arguments and what the error must name. Commands with --json get it appended.
 */
const BAD_INPUT: [args: string[], names: string][] = [
  [['frobnicate'], 'frobnicate'],
  [['dev', 'up', '--postgres-port', '99999'], '--postgres-port'],
  [['worker', '--health-port', 'x'], '--health-port'],
  [['worker'], '--detach'], // --json without --detach
  [['venue-sim', '--port', 'abc'], '--port'],
  [placeOrder({ qty: 'abc' }), '--qty "abc": use a number > 0'],
  [placeOrder({ side: 'hold' }), '--side "hold": use buy or sell'],
  [placeOrder({ type: 'limit' }), '--price'],
  [['order', 'place', '--account', 'paper', '--side', 'buy', '--type', 'market', '--qty', '1'], '--symbol'],
  [['order', 'cancel'], 'clientOrderId'],
  [['order', 'show'], 'clientOrderId'],
  [['order', 'list', '--limit', 'abc'], '--limit'],
  [['order', 'list', '--status', 'bogus'], '--status "bogus": use one of NEW'],
  [['order', 'list', '--account', 'Bad Name'], '--account "Bad Name"'],
  [['positions', '--account', 'Bad/Name'], '--account'],
  [['desk', 'status', '--account', 'Bad Name'], '--account'],
  [['desk', 'halt', '--reason', ' '], '--reason'],
  [['desk', 'resume'], '--reason'],
  [['desk', 'close-only', '--reason', 'drill', '--account', 'Bad Name'], '--account'],
  [['risk', 'explain'], 'clientOrderId'],
  [['reconcile', '--account', 'X'], '--account'],
  [['burn-in', 'start', '--id', 'Bad Id'], '--id'],
  [['burn-in', 'start', '--config', '/nonexistent/burn-in.json'], '--config'],
  [['burn-in', 'status'], 'id'],
  [['burn-in', 'stop', 'bi-1', '--reason', ''], '--reason'],
  [['burn-in', 'report'], 'id'],
  [['export', 'run', '--date', 'yesterday'], '--date'],
  [['export', 'run', '--date', '2026-01-05', '--account', 'Bad/Name'], '--account'],
  [['export', 'verify', '/nonexistent/package'], '<packageDir>'],
  [['export', 'list', '--account', 'X'], '--account'],
  [['export', 'schedule', '--at', '7pm'], '--at'],
  [['export', 'schedule', '--every', '0'], '--every'],
  [['export', 'backfill', '--from', '2026-07-05', '--to', '2026-07-01'], '--from'],
  [['export', 'health', '--from', 'x'], '--from'],
  [['demo', '--days', '0'], '--days'],
  [['check', '--samples', 'abc'], '--samples'],
  [['config', 'sessions', '--limit', '0'], '--limit'],
  [['config', 'diff', 'only-one'], 'sessionB'],
];

/** The command path of an argument list: its leading command words. */
function commandPath(args: string[]): string {
  const words: string[] = [];
  for (const arg of args) {
    if (!/^[a-z][a-z-]*$/.test(arg)) break;
    words.push(arg);
    if (!JSON_COMMANDS.some((c) => c.startsWith(`${words.join(' ')} `))) break;
  }
  return words.join(' ');
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
    const withJson: string[] = [];
    for (const [args, help] of helps) {
      const name = args.join(' ');
      if (/^ {2}--json\b/m.test(help.stdout)) withJson.push(name);
      // Every argument is described (commander lists them under "Arguments:" only when they are).
      const usage = help.stdout.split('\n')[0]!;
      const argumentNames = [...usage.matchAll(/[<[]([A-Za-z]+)[>\]]/g)]
        .map((match) => match[1]!)
        .filter((arg) => arg !== 'options' && arg !== 'command');
      const argumentsSection = (help.stdout.split(/^Arguments:$/m)[1] ?? '').split(/^Options:$/m)[0]!;
      for (const arg of argumentNames)
        expect(argumentsSection, `${name}: argument <${arg}> without a description`).toMatch(
          new RegExp(`^ {2}${arg} {2,}\\S`, 'm'),
        );
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
    // Every command that prints a result has --json, and the list above is complete.
    expect(withJson.sort()).toEqual([...JSON_COMMANDS].sort());
    // The root help documents the exit codes and the --json convention, failures included.
    expect(top.stdout).toContain('JSON: with --json a command prints one JSON document on stdout');
    expect(top.stdout).toContain('{"error": {"code", "exitCode", "message"}}');
  }, 300_000);

  it('refuses bad input with exit 2 and names the flag; with --json, prints {error: {code, exitCode, message}}', async () => {
    const results = await inBatches(BAD_INPUT, 4, async ([args, names]) => {
      const json = JSON_COMMANDS.includes(commandPath(args));
      const full = json ? [...args, '--json'] : args;
      return { args: full, names, json, result: await runKeel(full, env) };
    });
    for (const { args, names, json, result } of results) {
      const name = args.join(' ');
      expect(result.code, `${name}: ${result.stderr}`).toBe(2);
      expect(result.stderr, name).toContain(names);
      if (!json) {
        expect(result.stdout, name).toBe('');
        continue;
      }
      const { error } = JSON.parse(result.stdout) as {
        error: { code: string; exitCode: number; message: string };
      };
      expect(error, name).toEqual({ code: 'usage', exitCode: 2, message: expect.any(String) as string });
      expect(error.message, name).toContain(names);
      expect(error.message, name).not.toMatch(/^error: /);
    }
    // Every command that takes input has a case above.
    const covered = new Set(BAD_INPUT.map(([args]) => commandPath(args)));
    for (const command of [...JSON_COMMANDS, 'venue-sim'].filter(
      (c) => !['dev down', 'dev status', 'config show', 'db migrate', 'db status'].includes(c),
    ))
      expect(covered.has(command), `no bad-input case for ${command}`).toBe(true);
  }, 300_000);

  it('with --json, a configuration error carries its issues and a failure exits 1 with code failure', async () => {
    const config = await runKeel(['--profile', 'staging', 'config', 'show', '--json'], env);
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('unknown profile "staging"');
    expect(JSON.parse(config.stdout)).toEqual({
      error: {
        code: 'config',
        exitCode: 2,
        message: expect.stringContaining('invalid configuration') as string,
        issues: [
          { field: 'profile', message: 'unknown profile "staging"', fix: expect.any(String) as string },
        ],
      },
    });
    // PostgreSQL is not running on port 1: the error says where it looked and the fix.
    const failed = await runKeel(['config', 'sessions', '--json'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('cannot reach PostgreSQL');
    expect(JSON.parse(failed.stdout)).toEqual({
      error: { code: 'failure', exitCode: 1, message: expect.stringContaining('keel dev up') as string },
    });
    // A check that finds a problem is not an error: its normal JSON, exit 1.
    const status = await runKeel(['dev', 'status', '--json'], env);
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ components: expect.any(Array) as unknown[] });
    // Without --json a failure prints nothing on stdout.
    const plain = await runKeel(['config', 'sessions'], env);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toBe('');
  }, 120_000);

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
