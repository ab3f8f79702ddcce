/**
 * Secret redaction for everything Keel writes out: logs, errors, config snapshots, alerts.
 * Three layers, because a secret can hide anywhere: by key name (apiKey, signature, password ...),
 * by known value (secrets registered from the configuration, wherever they appear in a string),
 * and by pattern (URL credentials, signed query strings, bearer tokens).
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY =
  /(api[-_]?key|apikey|secret|signature|passw(or)?d|passphrase|token|authorization|cookie|credential|private[-_]?key|x-mbx-apikey)/i;

const STRING_PATTERNS: readonly [RegExp, string][] = [
  // postgres://user:password@host, https://user:token@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+:)[^@/\s]+@/gi, `$1${REDACTED}@`],
  // signature=..., apiKey=..., token=... in query strings and form bodies
  [
    /\b(signature|api[-_]?key|apikey|secret|token|access[-_]?token|password|passwd)=([^&\s"',;]+)/gi,
    `$1=${REDACTED}`,
  ],
  // "Authorization: Bearer xxx", "X-MBX-APIKEY: xxx"
  [/\b(bearer|basic)\s+[a-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/\b(x-mbx-apikey)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, `$1$2${REDACTED}`],
];

const knownSecrets = new Set<string>();

/** Registers a secret value so it is redacted wherever it appears, even inside free text. */
export function registerSecret(value: string | undefined): void {
  // Very short values would redact ordinary words; they are not plausible secrets either.
  if (value && value.length >= 6) knownSecrets.add(value);
}

export function redactString(input: string): string {
  let output = input;
  for (const secret of knownSecrets) {
    if (output.includes(secret)) output = output.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of STRING_PATTERNS) output = output.replace(pattern, replacement);
  return output;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * A deep copy of `value` with secrets removed. Errors become plain objects (type, message, stack,
 * cause and own fields) so that their text is scrubbed too. Cycles are cut.
 */
export function redactDeep(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, seen));
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  const source: Record<string, unknown> =
    value instanceof Error
      ? {
          type: value.name,
          message: value.message,
          stack: value.stack,
          ...(value.cause !== undefined ? { cause: value.cause } : {}),
          ...Object.fromEntries(Object.entries(value)),
        }
      : (value as Record<string, unknown>);
  // fromEntries defines own properties: a "__proto__" key in logged data cannot change a prototype.
  return Object.fromEntries(
    Object.entries(source).map(([key, child]) => [
      key,
      isSecretKey(key) && child !== undefined && child !== null ? REDACTED : redactDeep(child, seen),
    ]),
  );
}
