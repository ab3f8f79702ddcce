import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { getOrder, listOrders, orderDetails } from '../../store/ledger/order-queries.js';
import { assertReachable, createPool } from '../../store/pool.js';
import { deriveClientOrderId } from '../../domain/orders/client-order-id.js';
import { ORDER_STATUSES, type OrderIntent } from '../../domain/orders/types.js';
import { OrderIntentInputSchema } from '../../contracts/orders/intent-schema.js';
import { commandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { checkAccount, globalOverrides, parsePositiveInt } from '../options.js';
import { note, printJson, printTable } from '../output.js';
import { orderWorkflowId } from '../../contracts/orders.js';

interface PlaceOptions {
  account: string;
  symbol: string;
  side: string;
  type: string;
  qty: string;
  price?: string;
  tif: string;
  clientOrderId?: string;
  run?: string;
  strategy?: string;
  sequence?: string;
  decisionPrice?: string;
  expireAfterMs?: string;
  wait?: boolean;
  json?: boolean;
}

const FLAG_OF: Record<string, string> = {
  quantity: '--qty',
  timeInForce: '--tif',
  clientOrderId: '--client-order-id',
  runId: '--run',
  decisionPrice: '--decision-price',
  expireAfterMs: '--expire-after-ms',
};

/** The option each intent field comes from, where its name differs. */
const OPTION_OF: Record<string, keyof PlaceOptions> = {
  quantity: 'qty',
  timeInForce: 'tif',
  runId: 'run',
};

/** How to fix a field the schema refused (its own custom messages already say it). */
const FIX_OF: Record<string, string> = {
  account: 'use lower-case letters, digits, - and _ (e.g. paper)',
  symbol: 'use an upper-case venue symbol such as BTCUSDT',
  side: 'use buy or sell',
  type: 'use market or limit',
  quantity: 'use a number > 0',
  price: 'use a number > 0',
  timeInForce: 'use GTC, IOC or FOK',
  runId: 'use 1 to 100 characters',
  strategy: 'use 1 to 100 characters',
  decisionPrice: 'use a number > 0',
  expireAfterMs: 'use a whole number of milliseconds > 0',
};

/**
 * With --run, --strategy and --sequence the id is derived from them (the same intent always gets the
 * same id, so placing it twice joins); otherwise a fresh id for a manual order.
 */
function defaultClientOrderId(options: PlaceOptions): string {
  if (options.run !== undefined && options.strategy !== undefined && options.sequence !== undefined) {
    const sequence = Number(options.sequence);
    if (!Number.isSafeInteger(sequence) || sequence < 0)
      throw new UsageError('--sequence: expected a whole number of at least 0');
    return deriveClientOrderId({ runId: options.run, strategy: options.strategy, sequence });
  }
  if (options.sequence !== undefined)
    throw new UsageError('--sequence needs --run and --strategy (the id is derived from all three)');
  return `m-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

function parseIntent(options: PlaceOptions): OrderIntent {
  const number = (value: string | undefined) =>
    value === undefined ? undefined : value.trim() === '' ? Number.NaN : Number(value);
  const candidate = {
    clientOrderId: options.clientOrderId ?? defaultClientOrderId(options),
    account: options.account,
    symbol: options.symbol,
    side: options.side,
    type: options.type,
    quantity: number(options.qty),
    price: number(options.price),
    timeInForce: options.tif,
    runId: options.run,
    strategy: options.strategy,
    decisionPrice: number(options.decisionPrice),
    decisionTime: Date.now(),
    expireAfterMs: number(options.expireAfterMs),
  };
  try {
    // The JSON round trip drops absent options (undefined) and turns unparsable numbers (NaN) into null.
    return OrderIntentInputSchema.parse(JSON.parse(JSON.stringify(candidate)));
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const lines = error.issues.map((issue) => {
      const field = String(issue.path[0] ?? 'order');
      const flag = FLAG_OF[field] ?? `--${field}`;
      const fix = FIX_OF[field];
      if (issue.code === 'custom' || fix === undefined) return `${flag}: ${issue.message}`;
      const given = options[OPTION_OF[field] ?? (field as keyof PlaceOptions)];
      return `${flag}${typeof given === 'string' ? ` ${JSON.stringify(given)}` : ''}: ${fix}`;
    });
    throw new UsageError(`invalid order, nothing was sent:\n  ${[...new Set(lines)].join('\n  ')}`);
  }
}

function orderRow(order: {
  clientOrderId: string;
  status: string;
  side: string;
  quantity: number;
  symbol: string;
  filledQty: number;
  avgPrice: number | null;
  account: string;
}) {
  return [
    order.clientOrderId,
    order.status,
    order.account,
    order.symbol,
    order.side,
    order.quantity,
    order.filledQty,
    order.avgPrice,
  ];
}

export function registerOrderCommands(program: Command): void {
  const order = program
    .command('order')
    .description(
      'Place, cancel and inspect orders (each is one durable workflow, id order-<clientOrderId>).',
    );

  order
    .command('place')
    .description(
      'Place an order through the risk gate and the venue. Prints its client order id and Temporal UI URL.',
    )
    .requiredOption('--account <account>', 'trading account (e.g. paper)')
    .requiredOption('--symbol <symbol>', 'venue symbol, e.g. BTCUSDT')
    .requiredOption('--side <side>', 'buy | sell')
    .requiredOption('--type <type>', 'market | limit')
    .requiredOption('--qty <quantity>', 'quantity in the base asset')
    .option('--price <price>', 'limit price (limit orders only)')
    .option('--tif <tif>', 'time in force: GTC | IOC | FOK', 'GTC')
    .option(
      '--client-order-id <id>',
      'idempotency key (1–36 of A-Z a-z 0-9 . : / _ -); placing the same id again joins the existing order',
    )
    .option('--run <runId>', 'run this order belongs to (search attribute KeelRunId)')
    .option('--strategy <name>', 'strategy that decided it')
    .option('--sequence <n>', 'with --run and --strategy: derive the client order id from the three')
    .option('--decision-price <price>', 'price the decision was made at (TCA reference)')
    .option('--expire-after-ms <ms>', 'cancel the order if it is still open this long after acceptance')
    .option('--wait', 'return only when the order is terminal')
    .option('--json', 'print {clientOrderId, status, filledQty, avgPrice, account, symbol, ...}')
    .action(async (options: PlaceOptions, command: Command) => {
      const parsed = parseIntent(options);
      const { config } = commandContext(globalOverrides(command));
      const { connectClient, workflowUiUrl } = await import('../../client/temporal-client.js');
      // The decision is stamped on the venue's clock, as its acceptance and fills are (an accelerated
      // simulator account's market time is not this machine's): TCA never measures across clocks.
      const { VenueRegistry } = await import('../../venues/venue-registry.js');
      const { venueClock } = await import('../../venues/venue-clock.js');
      const intent = {
        ...parsed,
        decisionTime: await venueClock(new VenueRegistry(config).venueFor(parsed.account)),
      };
      const { startOrder } = await import('../../client/orders/start-order.js');
      const client = await connectClient(config);
      try {
        const { handle, started } = await startOrder(client, intent);
        const url = workflowUiUrl(config, handle.workflowId);
        if (!started)
          note(`order ${intent.clientOrderId} already exists: joined it (no second order is placed)`);
        if (!options.wait) {
          const summary = {
            clientOrderId: intent.clientOrderId,
            workflowId: handle.workflowId,
            status: started ? 'NEW' : 'EXISTING',
            account: intent.account,
            symbol: intent.symbol,
            filledQty: 0,
            avgPrice: null,
            url,
          };
          if (options.json) printJson(summary);
          else process.stdout.write(`order ${intent.clientOrderId} started\nTemporal UI: ${url}\n`);
          return;
        }
        const state = await handle.result();
        const view = {
          clientOrderId: state.intent.clientOrderId,
          workflowId: handle.workflowId,
          status: state.status,
          filledQty: state.filledQuantity,
          avgPrice: state.averagePrice,
          fees: state.fees,
          reason: state.reason,
          account: state.intent.account,
          symbol: state.intent.symbol,
          side: state.intent.side,
          quantity: state.intent.quantity,
          url,
        };
        if (options.json) printJson(view);
        else
          process.stdout.write(
            `order ${view.clientOrderId}: ${view.status}, filled ${view.filledQty} @ ${view.avgPrice ?? '-'}${view.reason ? ` (${view.reason})` : ''}\nTemporal UI: ${url}\n`,
          );
      } finally {
        await client.connection.close();
      }
    });

  order
    .command('cancel')
    .description(
      'Cancel an order (an acknowledged update: answers once the cancel is in flight or the order has ended).',
    )
    .argument('<clientOrderId>', 'the client order id (see keel order list)')
    .option('--reason <reason>', 'why (recorded in the order history)', 'cancelled from the CLI')
    .option('--json', 'print {clientOrderId, status}')
    .action(async (clientOrderId: string, options: { reason: string; json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const { connectClient } = await import('../../client/temporal-client.js');
      const { cancelOrderUpdate, orderStateQuery } = await import('../../contracts/orders.js');
      const client = await connectClient(config);
      try {
        const handle = client.workflow.getHandle(orderWorkflowId(clientOrderId));
        const status = await handle
          .executeUpdate(cancelOrderUpdate, { args: [{ reason: options.reason }] })
          .catch(async (error: unknown) => {
            const description = await handle.describe().catch(() => undefined);
            if (!description)
              throw new UsageError(
                `cannot cancel ${clientOrderId}: no such order (workflow ${handle.workflowId} not found)`,
              );
            if (description.status.name !== 'RUNNING') {
              const final = await handle.query(orderStateQuery).catch(() => undefined);
              throw new UsageError(
                `cannot cancel ${clientOrderId}: the order is already ${final?.status ?? description.status.name}`,
              );
            }
            const message =
              error instanceof Error
                ? error.cause instanceof Error
                  ? error.cause.message
                  : error.message
                : String(error);
            throw new UsageError(`cannot cancel ${clientOrderId}: ${message}`);
          });
        if (options.json) printJson({ clientOrderId, status });
        else process.stdout.write(`order ${clientOrderId}: ${status}\n`);
      } finally {
        await client.connection.close();
      }
    });

  order
    .command('show')
    .description('One order from the ledger: state, TCA, fills, risk decision and its event history.')
    .argument('<clientOrderId>', 'the client order id (see keel order list)')
    .option(
      '--json',
      'print {clientOrderId, status, account, symbol, side, quantity, filledQty, avgPrice, tca, events, fills, risk, ...}',
    )
    .action(async (clientOrderId: string, options: { json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const pool = createPool(config.database.url, { max: 2 });
      try {
        await assertReachable(pool, config.database.url);
        const view = await getOrder(pool, clientOrderId);
        if (!view)
          throw new UsageError(
            `no order "${clientOrderId}" in the ledger; list orders with \`keel order list\``,
          );
        const details = await orderDetails(pool, clientOrderId);
        if (options.json) printJson({ ...view, ...details });
        else {
          printTable(
            ['client order id', 'status', 'account', 'symbol', 'side', 'qty', 'filled', 'avg price'],
            [orderRow(view)],
          );
          process.stdout.write(
            `\nrisk: ${details.risk ? `${details.risk.decision} ${details.risk.codes.join(', ')}` : 'not decided'}\nTCA: ${JSON.stringify(view.tca)}\n\n`,
          );
          printTable(
            ['seq', 'event', 'status after', 'at'],
            details.events.map((e) => [String(e.seq), String(e.type), String(e.statusAfter), e.at]),
          );
        }
      } finally {
        await pool.end();
      }
    });

  order
    .command('list')
    .description('Orders from the ledger, newest first.')
    .option('--status <status>', `only this status: ${ORDER_STATUSES.join(' | ')}`)
    .option('--run <runId>', 'only this run')
    .option('--account <account>', 'only this account')
    .option('--limit <n>', 'how many', parsePositiveInt, 50)
    .option('--json', 'print {orders:[{clientOrderId, status, filledQty, avgPrice, account, symbol, ...}]}')
    .action(
      async (
        options: { status?: string; run?: string; account?: string; limit: number; json?: boolean },
        command: Command,
      ) => {
        const status = options.status?.toUpperCase();
        if (status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(status))
          throw new UsageError(
            `--status ${JSON.stringify(options.status)}: use one of ${ORDER_STATUSES.join(', ')}`,
          );
        if (options.account !== undefined) checkAccount(options.account);
        const { config } = commandContext(globalOverrides(command));
        const pool = createPool(config.database.url, { max: 1 });
        try {
          await assertReachable(pool, config.database.url);
          const orders = await listOrders(pool, {
            status,
            runId: options.run,
            account: options.account,
            limit: options.limit,
          });
          if (options.json) printJson({ orders });
          else
            printTable(
              ['client order id', 'status', 'account', 'symbol', 'side', 'qty', 'filled', 'avg price'],
              orders.map(orderRow),
            );
        } finally {
          await pool.end();
        }
      },
    );
}
