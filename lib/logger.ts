import { pino, type DestinationStream, type Logger } from 'pino';
import { redactDeep, redactString } from './redact.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where JSON lines go; stdout by default. Tests pass a capture stream. */
  destination?: DestinationStream;
  /** Standard fields every line carries (session id, run id ...). */
  base?: Record<string, unknown>;
}

/**
 * Keel's one logger: pino JSON lines with `service` and the ids passed in `base` on every line.
 * Every argument of every call is scrubbed before pino formats it, so a secret inside an error
 * message, a nested object or the message text never reaches the output.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      errorKey: 'err',
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactString(arg) : redactDeep(arg)));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * Child loggers with `bindings` are redacted too: pino serialises bindings once, so they are scrubbed
 * here rather than in the log hook.
 */
export function childLogger(logger: Logger, bindings: Record<string, unknown>): Logger {
  return logger.child(redactDeep(bindings) as Record<string, unknown>);
}
