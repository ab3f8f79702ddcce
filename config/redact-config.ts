import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/canonical-json.js';
import { redactString, REDACTED } from '../lib/redact.js';
import type { KeelConfig } from './schema.js';

/** The configuration as it may be shown, logged or stored: every secret replaced. */
export function redactConfig(config: KeelConfig): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as {
    venue: Record<string, unknown>;
    alerts: Record<string, unknown>;
    database: Record<string, unknown>;
    export: Record<string, unknown>;
  };
  if (copy.venue.apiKey !== undefined) copy.venue.apiKey = REDACTED;
  if (copy.venue.apiSecret !== undefined) copy.venue.apiSecret = REDACTED;
  if (typeof copy.alerts.webhookUrl === 'string')
    copy.alerts.webhookUrl = redactUrlPath(copy.alerts.webhookUrl);
  if (typeof copy.export.webhookUrl === 'string')
    copy.export.webhookUrl = redactUrlPath(copy.export.webhookUrl);
  if (typeof copy.database.url === 'string') copy.database.url = redactString(copy.database.url);
  return copy;
}

/** Webhook URLs usually carry their token in the path: keep only scheme and host. */
function redactUrlPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/${REDACTED}`;
  } catch {
    return REDACTED;
  }
}

/** SHA-256 of the redacted configuration in canonical JSON; equal configs hash equal. */
export function configHash(config: KeelConfig): string {
  return createHash('sha256')
    .update(canonicalJson(redactConfig(config)))
    .digest('hex');
}

/** The knobs an operator must see at every start, in one log line. */
export function criticalKnobs(config: KeelConfig): Record<string, unknown> {
  return {
    profile: config.profile,
    venue: config.venue.kind,
    liveTrading: config.trading.liveTrading,
    temporalAddress: config.temporal.address,
    temporalNamespace: config.temporal.namespace,
    database: redactString(config.database.url),
    taskQueues: config.worker.taskQueues,
    dataDir: config.dataDir,
  };
}
