import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import { findFreePort } from '../../lib/ports.js';

/** A private embedded stack for one benchmark: its own data dir and free ports, and `keel` bound to them. */
export async function benchStack(name: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `keel-bench-${name}-`));
  chmodSync(dataDir, 0o755);
  const ports = {
    temporal: await findFreePort(),
    ui: await findFreePort(),
    postgres: await findFreePort(),
    sim: await findFreePort(),
    health: await findFreePort(),
  };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    KEEL_DATA_DIR: dataDir,
    KEEL_TEMPORAL_PORT: String(ports.temporal),
    KEEL_TEMPORAL_UI_PORT: String(ports.ui),
    KEEL_POSTGRES_PORT: String(ports.postgres),
    KEEL_SIM_PORT: String(ports.sim),
    KEEL_HEALTH_PORT: String(ports.health),
    KEEL_HEADLESS: 'true',
    KEEL_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const keel = (args: string[]) =>
    promisify(execFile)(path.join(PROJECT_ROOT, 'bin', 'keel'), args, { env, maxBuffer: 64 << 20 });
  return { dataDir, ports, env, keel };
}
