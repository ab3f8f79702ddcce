import type { Command } from 'commander';
import { getOrder, listOrders, orderDetails } from '../../store/ledger/order-queries.js';
import { assertReachable, createPool } from '../../store/pool.js';
import { ORDER_STATUSES } from '../../domain/orders/types.js';
import { OrderIntentError } from '../../contracts/orders/intent-schema.js';
import { intentFromFlags, type PlaceFlags } from '../order-intent.js';
import { commandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { checkAccount, globalOverrides, parsePositiveInt } from '../options.js';
import { note, printJson, printTable } from '../output.js';
import { orderWorkflowId } from '../../contracts/orders.js';

/** An order intent the edge refused is bad input: exit 2, and nothing was started. */
async function asUsageError<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OrderIntentError) throw new UsageError(error.message);
    throw error;
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
    .requiredOption('--qty <quantity>', 'quantity in the base asset, in plain decimal digits (e.g. 0.5)')
    .option('--price <price>', 'limit price (limit orders only), in plain decimal digits')
    .option('--tif <tif>', 'time in force: GTC | IOC | FOK', 'GTC')
    .option(
      '--client-order-id <id>',
      'idempotency key (1–36 of A-Z a-z 0-9 . : / _ -); placing the same id again joins the existing order; not with --sequence',
    )
    .option('--run <runId>', 'run this order belongs to (search attribute KeelRunId)')
    .option('--strategy <name>', 'strategy that decided it')
    .option(
      '--sequence <n>',
      'with --run and --strategy: derive the client order id from the three (a whole number ≥ 0; not with --client-order-id)',
    )
    .option('--decision-price <price>', 'price the decision was made at (TCA reference)')
    .option(
      '--expire-after-ms <ms>',
      'cancel the order if it is still open this long after acceptance (whole milliseconds > 0)',
    )
    .option('--wait', 'return only when the order is terminal')
    .option('--json', 'print {clientOrderId, status, filledQty, avgPrice, account, symbol, ...}')
    .addHelpText(
      'after',
      `
Input rules: --qty, --price and --decision-price are plain decimal digits (e.g. 0.5; no sign,
exponent, hex, separators or spaces; at most 15 significant digits), > 0 and below 1e15;
--expire-after-ms and --sequence are whole numbers in decimal digits. --sequence needs --run and
--strategy and cannot be combined with --client-order-id. No flag may be empty. Bad input exits 2,
names each flag and its fix, and places nothing.`,
    )
    .action(async (options: PlaceFlags, command: Command) => {
      const parsed = await asUsageError(() => intentFromFlags(options));
      const { config } = commandContext(globalOverrides(command));
      const { connectClient, workflowUiUrl } = await import('../../client/temporal-client.js');
      // The decision is stamped on the venue's clock, as its acceptance and fills are (an accelerated
      // simulator account's market time is not this machine's): TCA never measures across clocks.
      const { VenueRegistry } = await import('../../venues/venue-registry.js');
      const { venueClock } = await import('../../venues/venue-clock.js');
      const intent = {
        ...parsed,
        // Whole milliseconds, as the intent's check wants (an accelerated market clock need not be).
        decisionTime: Math.floor(await venueClock(new VenueRegistry(config).venueFor(parsed.account))),
      };
      const { startOrder } = await import('../../client/orders/start-order.js');
      const client = await connectClient(config);
      try {
        const { handle, started } = await asUsageError(() => startOrder(client, intent));
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
