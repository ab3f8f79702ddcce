/**
 * npm run chaos — Keel at goal scale under faults, on its own embedded stack (loopback only):
 * ≥ 1,000 market orders at ~10/s while the worker's process group is SIGKILLed every 5 s and
 * restarted, Temporal, PostgreSQL and the simulator are each killed and restarted once, and ~50
 * client order ids are submitted twice. Prints the report (docs/chaos.md); exits 1 on any
 * duplicate, lost fill or order left open, 2 on bad flags.
 */
import { parseArgs } from 'node:util';
import { runChaos } from './chaos-run.js';
import { formatReport, verdict } from './report.js';

const USAGE = `usage: npm run chaos -- [--orders N] [--rate R] [--kill-every-ms MS] [--duplicates N]
                        [--downtime-ms MS] [--timeout S] [--keep-state] [--quiet]
  --orders         market orders to start (default 1000)
  --rate           orders started per second (default 10)
  --kill-every-ms  SIGKILL the worker's process group this long after it is back up (default 5000)
  --duplicates     client order ids submitted a second time (default 50)
  --downtime-ms    how long Temporal, PostgreSQL and the simulator each stay down (default 2000)
  --timeout        give up after this many seconds, killing everything (default 900)
  --keep-state     keep the keel-chaos-* state dir (every process's log and data) also when the run
                   passes (a failed run always keeps it)
  --quiet          print only the report, not the events as they happen`;

function positive(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    console.error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, not "${text}"\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      orders: { type: 'string', default: '1000' },
      rate: { type: 'string', default: '10' },
      'kill-every-ms': { type: 'string', default: '5000' },
      duplicates: { type: 'string', default: '50' },
      'downtime-ms': { type: 'string', default: '2000' },
      timeout: { type: 'string', default: '900' },
      'keep-state': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
}
try {
  parsed = parse();
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}
const orders = positive('orders', parsed.orders, true);
const duplicates = Number(parsed.duplicates);
if (!Number.isInteger(duplicates) || duplicates < 0 || duplicates > orders) {
  console.error(`--duplicates must be an integer from 0 to --orders, not "${parsed.duplicates}"\n${USAGE}`);
  process.exit(2);
}

// Ctrl-C: exit, and the run's exit hook kills every process it started.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the chaos run and its processes`);
    process.exit(130);
  });

const result = await runChaos({
  orders,
  rate: positive('rate', parsed.rate, false),
  killEveryMs: positive('kill-every-ms', parsed['kill-every-ms'], true),
  duplicates,
  downtimeMs: positive('downtime-ms', parsed['downtime-ms'], true),
  timeoutMs: positive('timeout', parsed.timeout, false) * 1000,
  keepState: parsed['keep-state'] ? 'always' : 'on-failure',
  log: parsed.quiet ? () => undefined : (message) => console.error(`[chaos] ${message}`),
});
console.log(formatReport(result));
process.exit(verdict(result).length === 0 ? 0 : 1);
