import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Pool } from '../store/db.js';
import { insertConfigSnapshot } from '../store/config-snapshots.js';
import { configHash, criticalKnobs, redactConfig } from '../config/redact-config.js';
import type { KeelConfig } from '../config/schema.js';
import { codeVersion } from '../lib/code-version.js';
import type { Logger } from '../lib/logger.js';
import { registerSecret } from '../lib/redact.js';

export interface Session {
  sessionId: string;
  kind: string;
  configHash: string;
}

export function newSessionId(kind: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${kind}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Makes every configured secret known to the redactor before anything is logged. */
export function registerConfigSecrets(config: KeelConfig): void {
  registerSecret(config.venue.apiKey);
  registerSecret(config.venue.apiSecret);
  registerSecret(config.alerts.webhookUrl);
  try {
    registerSecret(decodeURIComponent(new URL(config.database.url).password));
  } catch {
    // Not a URL pg understands either; the connection attempt will say so.
  }
}

/** Logs the active profile and critical knobs (secrets redacted) for a starting process. */
export function logStartup(
  logger: Logger,
  config: KeelConfig,
  session: Pick<Session, 'sessionId' | 'kind'>,
): void {
  logger.info(
    {
      sessionId: session.sessionId,
      kind: session.kind,
      config: criticalKnobs(config),
      codeVersion: codeVersion(),
    },
    `keel ${session.kind} starting with profile ${config.profile}`,
  );
}

/** Stores the redacted configuration this process runs with (`config_snapshots`). */
export async function recordConfigSnapshot(
  pool: Pool,
  config: KeelConfig,
  session: Pick<Session, 'sessionId' | 'kind'>,
): Promise<Session> {
  const hash = configHash(config);
  await insertConfigSnapshot(pool, {
    sessionId: session.sessionId,
    kind: session.kind,
    profile: config.profile,
    config: redactConfig(config),
    configHash: hash,
    codeVersion: codeVersion(),
    hostname: os.hostname(),
    pid: process.pid,
  });
  return { ...session, configHash: hash };
}
