import type { Command } from 'commander';
import { readPositions } from '../../store/ledger/positions.js';
import { assertReachable, createPool } from '../../store/pool.js';
import { commandContext } from '../context.js';
import { checkAccount, globalOverrides } from '../options.js';
import { note, printJson, printTable } from '../output.js';

export function registerPositionsCommand(program: Command): void {
  program
    .command('positions')
    .description(
      "An account's positions, cash flow and P&L, derived from the ledger's fills; marked at the venue's last price.",
    )
    .requiredOption('--account <account>', 'trading account (e.g. paper)')
    .option('--no-marks', 'do not ask the venue for last prices (no unrealized P&L)')
    .option(
      '--json',
      'print {account, positions:[{symbol, quantity, entryPrice, realizedPnl, fees, cashDelta, markPrice, unrealizedPnl}]}',
    )
    .action(async (options: { account: string; marks: boolean; json?: boolean }, command: Command) => {
      checkAccount(options.account);
      const { config } = commandContext(globalOverrides(command));
      const pool = createPool(config.database.url, { max: 1 });
      try {
        await assertReachable(pool, config.database.url);
        let positions = await readPositions(pool, options.account);
        if (options.marks && positions.length > 0) {
          const { VenueRegistry } = await import('../../venues/venue-registry.js');
          const venues = new VenueRegistry(config);
          const marks: Record<string, number> = {};
          try {
            const venue = venues.venueFor(options.account);
            for (const position of positions) marks[position.symbol] = await venue.lastPrice(position.symbol);
          } catch (error) {
            note(`no marks from the venue (${(error as Error).message}); unrealized P&L omitted`);
          } finally {
            await venues.close();
          }
          positions = await readPositions(pool, options.account, marks);
        }
        if (options.json) printJson({ account: options.account, positions });
        else
          printTable(
            ['symbol', 'quantity', 'entry', 'realized', 'fees', 'cash', 'mark', 'unrealized'],
            positions.map((p) => [
              p.symbol,
              p.quantity,
              p.entryPrice,
              p.realizedPnl.toFixed(2),
              p.fees.toFixed(4),
              p.cashDelta.toFixed(2),
              p.markPrice,
              p.unrealizedPnl?.toFixed(2) ?? null,
            ]),
          );
      } finally {
        await pool.end();
      }
    });
}
