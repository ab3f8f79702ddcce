import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { errorReport, EXIT, exitCodeFor, UsageError } from '../../cli/exit-codes.js';
import { checkAccount } from '../../cli/options.js';
import { ConfigError } from '../../config/errors.js';
import { registerSecret } from '../../lib/redact.js';

describe('the CLI exit codes and the --json error report', () => {
  it('bad input (usage, commander, configuration) exits 2; anything else 1', () => {
    expect(exitCodeFor(new UsageError('--qty "abc": use a number > 0'))).toBe(EXIT.badInput);
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownCommand', "error: unknown command 'x'"))).toBe(
      EXIT.badInput,
    );
    expect(
      exitCodeFor(new ConfigError([{ field: 'profile', message: 'unknown', fix: 'use paper' }], 'x')),
    ).toBe(EXIT.badInput);
    expect(exitCodeFor(new Error('connect ECONNREFUSED'))).toBe(EXIT.failure);
    expect(exitCodeFor('a string')).toBe(EXIT.failure);
  });

  it('reports a usage error with its message', () => {
    expect(errorReport(new UsageError('--limit: use a whole number of at least 1'))).toEqual({
      code: 'usage',
      exitCode: 2,
      message: '--limit: use a whole number of at least 1',
    });
  });

  it("reports commander's usage errors without their 'error: ' prefix", () => {
    const error = new CommanderError(
      1,
      'commander.missingMandatoryOptionValue',
      "error: required option '--date <YYYY-MM-DD>' not specified",
    );
    expect(errorReport(error)).toEqual({
      code: 'usage',
      exitCode: 2,
      message: "required option '--date <YYYY-MM-DD>' not specified",
    });
  });

  it('reports a configuration error with each issue: field, message, fix', () => {
    const issue = {
      field: 'venue.kind',
      message: 'paper trades only on the simulator',
      fix: 'unset KEEL_VENUE',
    };
    const report = errorReport(new ConfigError([issue], 'profile paper'));
    expect(report).toMatchObject({ code: 'config', exitCode: 2, issues: [issue] });
    expect(report.message).toContain('venue.kind');
  });

  it('reports any other error as a failure (exit 1), secrets redacted', () => {
    registerSecret('hunter2-secret-token');
    const report = errorReport(new Error('login failed with hunter2-secret-token'));
    expect(report).toEqual({ code: 'failure', exitCode: 1, message: expect.any(String) as string });
    expect(report.message).not.toContain('hunter2-secret-token');
    expect(errorReport('plain text')).toEqual({ code: 'failure', exitCode: 1, message: 'plain text' });
  });

  it('checks --account values, naming the flag and the fix', () => {
    expect(checkAccount('paper')).toBe('paper');
    expect(checkAccount('burn-bi-0a1b_2')).toBe('burn-bi-0a1b_2');
    for (const bad of ['Paper', 'bad name', '../up', '', '-x', 'a'.repeat(64)])
      expect(() => checkAccount(bad), bad).toThrow(UsageError);
    expect(() => checkAccount('Bad/Name')).toThrow(
      '--account "Bad/Name" is not an account name: use lower-case letters, digits, - and _ (e.g. paper)',
    );
  });
});
