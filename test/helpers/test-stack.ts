import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { KeelConfig } from '../../config/schema.js';

/** Environment that points a Keel process (CLI, worker) at this run's test servers. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  const stack = inject('stack');
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name, value]) => !name.startsWith('KEEL_') && value !== undefined),
  ) as Record<string, string>;
  return {
    ...inherited,
    KEEL_DATA_DIR: stack.dataDir,
    KEEL_TEMPORAL_PORT: String(stack.temporalPort),
    KEEL_TEMPORAL_UI_PORT: String(stack.temporalUiPort),
    KEEL_POSTGRES_PORT: String(stack.postgresPort),
    KEEL_HEALTH_PORT: '0',
    KEEL_LOG_LEVEL: 'info',
    ...extra,
  };
}

export function testConfig(extra: Record<string, string> = {}): KeelConfig {
  return loadConfig({ env: testEnv(extra) });
}

/** A task queue no other test polls, so tests never steal each other's tasks. */
export function uniqueTaskQueue(name: string): string {
  return `test-${name}-${randomBytes(4).toString('hex')}`;
}
