import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { WorkflowNotFoundError } from '@temporalio/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { intentFromFlags } from '../../cli/order-intent.js';
import { startOrder } from '../../client/orders/start-order.js';
import { checkOrderIntent, OrderIntentError } from '../../contracts/orders/intent-schema.js';
import { deriveClientOrderId } from '../../domain/orders/client-order-id.js';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import {
  malformedFlags,
  malformedIntents,
  validIntent,
  wellFormedFlags,
  type Flags,
} from '../helpers/malformed-intents.js';
import { runKeel } from '../helpers/run-keel.js';
import { testEnv, uniqueTaskQueue, useTestStack } from '../helpers/test-stack.js';
import { newSimAccount, type SimAccount } from '../helpers/sim-accounts.js';

// Malformed order intents through the CLI and the programmatic start path (issue #17): every one is
// an OrderIntentError naming its field and fix (never another error, never a crash), shows no stack
// trace and no raw control character, and changes nothing: no workflow, no ledger row, no venue order.
// Starts go to a task queue no worker polls, so even an intent wrongly let through would only be
// found here, never run.
const { pool, client, sim, server } = useTestStack({ simulator: true });
const taskQueue = uniqueTaskQueue('intent-fuzz');
const nonce = randomBytes(4).toString('hex');
let sequence = 0;
const nextId = () => `fz-${nonce}-${sequence++}`;
let account: SimAccount;
let controlStarts = 0;

beforeAll(async () => {
  // Nothing to buy with and nothing to sell: even an order let through could not trade.
  account = await newSimAccount(sim, { balances: { USDT: 1 } }, { advanceBy: 0 });
});

/** The same check on every refusal: the error type, the fields named, the message clean and bounded. */
function expectRefused(error: unknown, names: string[], what: string[]): OrderIntentError {
  const context = `${what.join('; ')}: ${error instanceof Error ? error.message : String(error)}`;
  expect(error, context).toBeInstanceOf(OrderIntentError);
  const refused = error as OrderIntentError;
  for (const name of names) expect(refused.message, context).toContain(name);
  expect(refused.field.length).toBeGreaterThan(0);
  expect(refused.fix.length).toBeGreaterThan(0);
  expectCleanText(refused.message, context);
  return refused;
}

function expectCleanText(message: string, context: string): void {
  // Newlines separate the issues; nothing else unprintable, no lone surrogate, no stack frame.
  expect(message.replace(/\n/g, ''), context).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
  expect(message, context).not.toMatch(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
  );
  expect(message, context).not.toMatch(/^\s+at /m);
  expect(message.length, context).toBeLessThan(4_000);
  for (const line of message.split('\n')) expect(line.length, context).toBeLessThan(500);
}

/** The ledger rows and workflows these client order ids would have made: none, ever. */
async function expectNothingStarted(ids: string[]): Promise<void> {
  // The start path's own control (below) is the one workflow on the queue, once it has run.
  // PostgreSQL text cannot hold NUL, so no row can have an id with one: it is left out of the query.
  const { rows } = await pool.query<{ id: string }>(
    'SELECT client_order_id AS id FROM orders WHERE client_order_id = ANY($1) OR account = $2',
    [ids.filter((id) => !id.includes('\u0000')), account.name],
  );
  expect(rows).toEqual([]);
  // A workflow id travels as UTF-8: one with a lone surrogate can be neither started nor asked for
  // (the count by task queue below still covers it).
  const describable = ids.filter((id) => !/\p{Cs}/u.test(id));
  for (let i = 0; i < describable.length; i += 50)
    await Promise.all(
      describable.slice(i, i + 50).map(async (id) => {
        const found = await client.workflow
          .getHandle(`order-${id}`)
          .describe()
          .then(
            () => true,
            (error: unknown) => {
              if (error instanceof WorkflowNotFoundError) return false;
              throw error;
            },
          );
        expect(found, `workflow order-${id}`).toBe(false);
      }),
    );
  expect((await client.workflow.count(`TaskQueue = '${taskQueue}'`)).count).toBe(controlStarts);
  expect((await client.workflow.count(`KeelAccount = '${account.name}'`)).count).toBe(controlStarts);
  const { body } = await sim.admin<{ orders: number; trades: number }>(
    'GET',
    `/sim/accounts/${account.name}`,
  );
  expect({ orders: body.orders, trades: body.trades }).toEqual({ orders: 0, trades: 0 });
}

// Each `keel` process costs ~1.7 s of CPU on this 2-core machine: 32 of them, 4 at a time, take 20–50 s (more when the machine is busy).
const CLI_RUNS = 32;

/** The option keys `keel order place` has: a command line can carry only these. */
const CLI_FLAGS = [
  'account',
  'symbol',
  'side',
  'type',
  'qty',
  'price',
  'tif',
  'clientOrderId',
  'run',
  'strategy',
  'sequence',
  'decisionPrice',
  'expireAfterMs',
  'wait',
  'json',
];

/** Every string a case's own client order id field holds (the workflow id it would have had). */
function idOf(input: unknown): string | undefined {
  try {
    if (typeof input !== 'object' || input === null || input instanceof Map) return undefined;
    const id: unknown = Object.getOwnPropertyDescriptor(input, 'clientOrderId')?.value;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

describe('malformed order intents are refused cleanly and change nothing', () => {
  it('700 malformed flag sets through intentFromFlags: each an OrderIntentError naming its flags', () => {
    let runs = 0;
    fc.assert(
      fc.property(malformedFlags('fuzz'), ({ input, names, what }) => {
        runs += 1;
        let thrown: unknown;
        try {
          intentFromFlags(input);
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `accepted: ${what.join('; ')}`).toBeDefined();
        expectRefused(thrown, names, what);
      }),
      { numRuns: 700 },
    );
    expect(runs).toBe(700);
  });

  it('120 well-formed flag sets are accepted, and mean what they say', () => {
    fc.assert(
      fc.property(wellFormedFlags(), (flags: Flags) => {
        const intent = intentFromFlags(flags, {
          now: () => 1_700_000_000_000,
          newClientOrderId: () => 'm-fresh',
        });
        expect(intent.quantity).toBe(Number(flags.qty));
        expect(intent.price).toBe(flags.price === undefined ? undefined : Number(flags.price));
        expect(intent.type).toBe(flags.type);
        expect(intent.account).toBe(flags.account);
        expect(intent.runId).toBe(flags.run);
        const expectedId =
          flags.clientOrderId ??
          (flags.sequence !== undefined
            ? deriveClientOrderId({
                runId: flags.run as string,
                strategy: flags.strategy as string,
                sequence: Number(flags.sequence),
              })
            : 'm-fresh');
        expect(intent.clientOrderId).toBe(expectedId);
        // The same check startOrder runs accepts what the CLI built.
        expect(checkOrderIntent(intent)).toEqual(intent);
      }),
      { numRuns: 120 },
    );
  });

  it('700 malformed intent objects through startOrder: refused before Temporal, nothing started', async () => {
    const ids: string[] = [];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(malformedIntents(account.name, nextId), async ({ input, names, what }) => {
        runs += 1;
        const id = idOf(input);
        if (id !== undefined) ids.push(id);
        const thrown = await startOrder(client, input as never, { taskQueue }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(thrown, `started: ${what.join('; ')}`).toBeDefined();
        expectRefused(thrown, names, what);
      }),
      { numRuns: 700 },
    );
    expect(runs).toBe(700);
    expect(ids.length).toBeGreaterThan(400);
    await expectNothingStarted(ids);

    // The control: a well-formed intent does start (so the checks above can see a start).
    const control = validIntent(account.name, nextId());
    const { handle, started } = await startOrder(client, control as never, { taskQueue });
    expect(started).toBe(true);
    controlStarts = 1;
    await expect
      .poll(async () => (await client.workflow.count(`TaskQueue = '${taskQueue}'`)).count, {
        timeout: 10_000,
      })
      .toBe(1);
    await handle.terminate('fuzz control');
  }, 60_000);

  it(`${CLI_RUNS} malformed flag sets through the keel CLI: exit 2, the flag named, no trace, nothing placed`, async () => {
    const env = testEnv({ KEEL_VENUE_BASE_URL: server.url });
    // Only what a command line can carry: text values of known flags, no NUL; one corruption each,
    // since commander stops at the first missing flag.
    const cases = fc.sample(
      malformedFlags(account.name, 1).filter(({ input }) =>
        Object.entries(input).every(
          ([key, value]) =>
            (key === 'wait' || key === 'json' ? value === true : typeof value === 'string') &&
            !String(value).includes('\u0000') &&
            CLI_FLAGS.includes(key),
        ),
      ),
      { numRuns: CLI_RUNS, seed: 17 },
    );
    const toArgs = (flags: Flags, json: boolean) => [
      'order',
      'place',
      ...Object.entries(flags).flatMap(([key, value]) => {
        const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        return value === true ? [flag] : [flag, String(value)];
      }),
      ...(json ? ['--json'] : []),
    ];
    const results: {
      args: string[];
      names: string[];
      json: boolean;
      code: number;
      stdout: string;
      stderr: string;
    }[] = [];
    for (let i = 0; i < cases.length; i += 4)
      results.push(
        ...(await Promise.all(
          cases.slice(i, i + 4).map(async ({ input, names }, j) => {
            const json = (i + j) % 4 === 0 && input.json === undefined;
            const args = toArgs(input, json);
            return { args, names, json, ...(await runKeel(args, env, 60_000)) };
          }),
        )),
      );
    for (const { args, names, json, code, stdout, stderr } of results) {
      const context = `${JSON.stringify(args)}\n${stderr}`;
      expect(code, context).toBe(2);
      for (const name of names) expect(stderr, context).toContain(name);
      expect(stderr, context).not.toContain(PROJECT_ROOT);
      expect(stderr, context).not.toMatch(/node:internal|\.[cm]?[jt]s:\d+|^\s+at /m);
      expectCleanText(stderr, context);
      if (json)
        expect(JSON.parse(stdout), context).toEqual({
          error: { code: 'usage', exitCode: 2, message: expect.any(String) as string },
        });
      else if (!args.includes('--json')) expect(stdout, context).toBe('');
    }
    expect(results.length).toBe(CLI_RUNS);
    await expectNothingStarted([]);
  }, 120_000);
});
