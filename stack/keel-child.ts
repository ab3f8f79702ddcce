import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import type { KeelConfig } from '../config/schema.js';
import { PROJECT_ROOT } from '../lib/project-root.js';
import type { StartedProcess } from './temporal-server.js';

/**
 * The environment a background `keel` process needs to resolve the same configuration as its
 * parent, including values the parent got from command-line flags.
 */
export function childEnvironment(config: KeelConfig): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KEEL_PROFILE: config.profile,
    KEEL_DATA_DIR: config.dataDir,
    KEEL_TEMPORAL_PORT: String(config.stack.temporalPort),
    KEEL_TEMPORAL_UI_PORT: String(config.stack.temporalUiPort),
    KEEL_POSTGRES_PORT: String(config.stack.postgresPort),
    KEEL_SIM_PORT: String(config.simulator.port),
  };
}

/** Starts `keel --data-dir D <args>` detached, logging to `<dataDir>/<name>/<name>.log`. */
export function spawnKeelChild(config: KeelConfig, name: string, args: string[]): StartedProcess {
  const logFile = path.join(config.dataDir, name, `${name}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'a');
  const child = spawn(path.join(PROJECT_ROOT, 'bin', 'keel'), ['--data-dir', config.dataDir, ...args], {
    detached: true,
    stdio: ['ignore', log, log],
    env: childEnvironment(config),
  });
  closeSync(log);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start keel ${args.join(' ')}; see ${logFile}`);
  // What `dev down` recognises the process by: its data dir and its command.
  return { pid: child.pid, logFile, commandMarker: `--data-dir ${config.dataDir} ${args[0]}` };
}
