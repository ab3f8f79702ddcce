import type { ColumnSpec, CellType } from './cell-types.js';
import { TCA_LEGS, type TcaLeg } from '../ledger/tca.js';

/**
 * Bumped whenever a file, a column or its meaning changes: consumers key their parsers on it.
 * 2: tca.csv's latency legs each measured on one clock (market or wall, named in the column), never
 * negative; sent_wall_at, acked_wall_at and skewed_legs added; every CSV record ends with CRLF (was LF).
 */
export const EXPORT_SCHEMA_VERSION = '2';

const col = (name: string, type: CellType, nullable = false, values?: readonly string[]): ColumnSpec =>
  values ? { name, type, nullable, values } : { name, type, nullable };

const SIDES = ['buy', 'sell'] as const;
const FAIL_CLASSES = ['warmup_expected', 'integration_defect', 'unknown'] as const;

/**
 * tca.csv's column of each latency leg (domain/ledger/tca.ts TCA_LEGS), in ms; the suffix names the
 * clock both of its stamps are on. Empty when a stamp is missing or the leg would run backwards
 * (then `skewed_legs` names it): a leg is never negative.
 */
export const TCA_LEG_COLUMNS = {
  decisionToAckMarket: 'decision_to_ack_market_ms',
  ackToFirstFillMarket: 'ack_to_first_fill_market_ms',
  firstToLastFillMarket: 'first_to_last_fill_market_ms',
  decisionToFirstFillMarket: 'decision_to_first_fill_market_ms',
  submitToAckWall: 'submit_to_ack_wall_ms',
} as const satisfies Record<TcaLeg, string>;

const TCA_LEG_NAMES = Object.keys(TCA_LEGS) as TcaLeg[];

export interface CsvFileSpec {
  name: string;
  /** What one row is, for the README and the manifest. */
  row: string;
  columns: readonly ColumnSpec[];
}

/**
 * The CSV files of a package, their columns in order and their types. The builder writes these
 * columns; the validator re-reads every file against them.
 */
export const CSV_FILES = {
  decisions: {
    name: 'decisions.csv',
    row: 'one strategy decision (including hold and no-trade) made during the day',
    columns: [
      col('run_id', 'text'),
      col('decision_time', 'timestamp'),
      col('account', 'text'),
      col('symbol', 'text'),
      col('strategy', 'text'),
      col('action', 'text', false, ['enter', 'exit', 'hold', 'no_trade']),
      col('reason_raw', 'text'),
      col('reason_canonical', 'text'),
      col('schema_fail_class', 'text', true, FAIL_CLASSES),
      col('missing_fields', 'text', true),
      col('confidence', 'float'),
      col('probability', 'float', true),
      col('reference_price', 'decimal', true),
      col('outcome', 'text'),
      col('client_order_id', 'text', true),
      col('desk_mode', 'text', false, ['ACTIVE', 'CLOSE_ONLY', 'HALTED']),
      col('symbol_listed_at', 'timestamp', true),
      col('symbol_age_hours', 'float', true),
    ],
  },
  orders: {
    name: 'orders.csv',
    row: 'one order decided during the day, as it stands in the ledger',
    columns: [
      col('client_order_id', 'text'),
      // Empty for the venue's own settlement orders (a resolved binary market redeemed): no workflow ran them.
      col('workflow_id', 'text', true),
      col('account', 'text'),
      col('venue', 'text'),
      col('symbol', 'text'),
      col('side', 'text', false, SIDES),
      col('type', 'text', false, ['market', 'limit']),
      col('time_in_force', 'text', false, ['GTC', 'IOC', 'FOK']),
      col('quantity', 'decimal'),
      col('price', 'decimal', true),
      col('run_id', 'text', true),
      col('strategy', 'text', true),
      col('status', 'text'),
      col('venue_order_id', 'text', true),
      col('filled_quantity', 'decimal'),
      col('average_price', 'decimal', true),
      col('fees', 'decimal'),
      col('reason', 'text', true),
      col('decision_time', 'timestamp'),
      col('submitted_at', 'timestamp', true),
      col('accepted_at', 'timestamp', true),
      col('terminal_at', 'timestamp', true),
    ],
  },
  fills: {
    name: 'fills.csv',
    row: 'one fill (trade or settlement) at the venue during the day',
    columns: [
      col('venue', 'text'),
      col('trade_id', 'text'),
      col('client_order_id', 'text'),
      col('account', 'text'),
      col('symbol', 'text'),
      col('side', 'text', false, SIDES),
      col('kind', 'text', false, ['trade', 'settlement']),
      col('price', 'decimal'),
      col('quantity', 'decimal'),
      col('fee', 'decimal'),
      col('fee_asset', 'text'),
      col('is_maker', 'boolean'),
      col('time', 'timestamp'),
    ],
  },
  tca: {
    name: 'tca.csv',
    row: "transaction-cost analysis of one of the day's orders (the rows of orders.csv)",
    columns: [
      col('client_order_id', 'text'),
      col('symbol', 'text'),
      col('side', 'text', false, SIDES),
      col('status', 'text'),
      col('quantity', 'decimal'),
      col('filled_quantity', 'decimal'),
      col('fill_rate', 'float', true),
      col('decision_price', 'decimal', true),
      col('arrival_price', 'decimal', true),
      col('fill_vwap', 'decimal', true),
      col('slippage_bps_decision', 'float', true),
      col('slippage_bps_arrival', 'float', true),
      col('shortfall_bps', 'float', true),
      // Market clock (the simulator's market time, the exchange's clock live): the decision, the
      // venue's acceptance and fill times.
      col('decision_time', 'timestamp'),
      col('accepted_at', 'timestamp', true),
      col('first_fill_at', 'timestamp', true),
      col('last_fill_at', 'timestamp', true),
      // Wall clock: when the order workflow sent the order, and the worker's clock around the
      // acknowledged submission request.
      col('submitted_at', 'timestamp', true),
      col('sent_wall_at', 'timestamp', true),
      col('acked_wall_at', 'timestamp', true),
      ...TCA_LEG_NAMES.map((leg) => col(TCA_LEG_COLUMNS[leg], 'integer', true)),
      // The legs left empty because their later stamp came first (a clock defect), `;`-separated.
      col('skewed_legs', 'text', true),
    ],
  },
  riskDecisions: {
    name: 'risk_decisions.csv',
    row: 'one pre-trade risk decision made during the day',
    columns: [
      col('client_order_id', 'text'),
      col('account', 'text'),
      col('decision', 'text', false, ['ALLOW', 'DENY']),
      col('codes', 'text', true),
      col('symbol', 'text', true),
      col('side', 'text', true, SIDES),
      col('quantity', 'decimal', true),
      col('rules_version', 'text'),
      col('snapshot_digest', 'text'),
      col('venue_time', 'timestamp', true),
      col('decided_at', 'timestamp'),
    ],
  },
  deskEvents: {
    name: 'desk_events.csv',
    row: "one change of the desk's mode, breaker or a refused request during the day",
    columns: [
      col('change_id', 'text'),
      col('account', 'text'),
      col('kind', 'text', false, ['MODE_CHANGED', 'BREAKER_TRIPPED', 'BREAKER_CLEARED', 'REQUEST_REFUSED']),
      col('old_mode', 'text', true),
      col('new_mode', 'text', true),
      col('reason', 'text'),
      col('actor', 'text'),
      col('breaker', 'text', true),
      col('at', 'timestamp'),
    ],
  },
  reasonMapping: {
    name: 'reason_mapping.csv',
    row: 'one raw strategy reason and the canonical reason it maps to, with its count for the day',
    columns: [
      col('reason_raw', 'text'),
      col('reason_canonical', 'text'),
      col('strategy', 'text'),
      col('count', 'integer'),
    ],
  },
} as const satisfies Record<string, CsvFileSpec>;

export type CsvFileKey = keyof typeof CSV_FILES;

/** The JSON files of a package (the manifest comes last and describes all the others). */
export const JSON_FILES = {
  reconcile: 'reconcile.json',
  metrics: 'metrics.json',
  schemaDiagnostics: 'schema_diagnostics.json',
  configSnapshot: 'config_snapshot.json',
} as const;

export const MANIFEST_FILE = 'manifest.json';

/** Every file a complete package holds besides the manifest, in manifest order. */
export const PACKAGE_FILES: readonly string[] = [
  ...Object.values(CSV_FILES).map((file) => file.name),
  ...Object.values(JSON_FILES),
].sort();
