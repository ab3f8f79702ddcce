/**
 * npm run docs:config — the configuration reference (docs/configuration.md), generated from the zod
 * schema (config/schema.ts, config/risk-schema.ts), the defaults (config/defaults.ts), the profiles
 * (config/profiles/*.json) and the environment bindings (config/env.ts). `--check` exits 1 when the
 * committed file differs from what would be generated.
 *
 * renderConfigReference() reads nothing but those sources (never process.env) and prints no
 * timestamp: the same code always renders the same document.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CONFIG_DEFAULTS } from '../config/defaults.js';
import { ENV_BINDINGS, getPath, NON_CONFIG_KEEL_VARS } from '../config/env.js';
import { loadConfig, PROFILES_DIR } from '../config/load.js';
import { redactConfig } from '../config/redact-config.js';
import { KeelConfigSchema, PROFILES, SECRET_FIELDS } from '../config/schema.js';
import { PROJECT_ROOT } from '../lib/project-root.js';

export const CONFIG_REFERENCE_FILE = 'docs/configuration.md';

/** Where the loader resolves relative paths while deriving the example values; shown as <cwd>. */
const EXAMPLE_CWD = '/__keel_cwd__';

type JsonSchema = Record<string, unknown>;

/** One field of the schema, wrappers (optional, nullable, default) peeled off. */
interface FieldInfo {
  schema: z.ZodType;
  description: string | undefined;
  optional: boolean;
  nullable: boolean;
  /** The schema's own default (z.default), not the one of config/defaults.ts. */
  schemaDefault: { value: unknown } | undefined;
}

/** A field of the schema in declaration order: a leaf, or an object below the top level. */
export type ConfigEntry = ({ kind: 'leaf' } | { kind: 'group' }) & FieldInfo & { path: string };

function unwrap(schema: z.ZodType): FieldInfo {
  const info: FieldInfo = {
    schema,
    description: schema.description,
    optional: false,
    nullable: false,
    schemaDefault: undefined,
  };
  for (;;) {
    const current = info.schema;
    if (current instanceof z.ZodOptional) {
      info.optional = true;
      info.schema = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodNullable) {
      info.nullable = true;
      info.schema = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodDefault) {
      info.schemaDefault = { value: current.def.defaultValue };
      info.schema = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodReadonly) {
      info.schema = current.unwrap() as z.ZodType;
    } else {
      break;
    }
    info.description ??= info.schema.description;
  }
  return info;
}

/**
 * Every field of the schema in declaration order: leaves (fields that are not objects; lists and
 * maps are leaves) and the objects below the top level, each right before its own fields.
 */
export function configEntries(schema: z.ZodObject = KeelConfigSchema): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  const walk = (object: z.ZodObject, prefix: string): void => {
    for (const [key, child] of Object.entries(object.shape)) {
      const fieldPath = prefix === '' ? key : `${prefix}.${key}`;
      const info = unwrap(child as z.ZodType);
      if (info.schema instanceof z.ZodObject) {
        if (prefix !== '') entries.push({ kind: 'group', path: fieldPath, ...info });
        walk(info.schema, fieldPath);
      } else {
        entries.push({ kind: 'leaf', path: fieldPath, ...info });
      }
    }
  };
  walk(schema, '');
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Types, from the JSON Schema zod produces for a field (bounds, formats, enums, patterns).

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}

function numberType(node: JsonSchema): string {
  const kind = node.type === 'integer' ? 'integer' : 'number';
  const bound = (key: string): number | undefined => {
    const value = node[key];
    // zod gives integers the safe-integer range when no bound was set: not a real bound.
    return typeof value === 'number' && Math.abs(value) !== Number.MAX_SAFE_INTEGER ? value : undefined;
  };
  const [min, exclusiveMin, max, exclusiveMax] = [
    bound('minimum'),
    bound('exclusiveMinimum'),
    bound('maximum'),
    bound('exclusiveMaximum'),
  ];
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  const parts = [
    exclusiveMin !== undefined ? `> ${exclusiveMin}` : min !== undefined ? `>= ${min}` : undefined,
    exclusiveMax !== undefined ? `< ${exclusiveMax}` : max !== undefined ? `<= ${max}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length === 0 ? kind : `${kind} ${parts.join(' and ')}`;
}

function stringType(node: JsonSchema): string {
  const formats: Record<string, string> = {
    uri: 'URL',
    'date-time': 'ISO-8601 date-time string',
    email: 'e-mail address',
    uuid: 'UUID',
  };
  if (typeof node.format === 'string') return formats[node.format] ?? `string (${node.format})`;
  if (typeof node.pattern === 'string') return `string matching ${code(node.pattern)}`;
  const min = typeof node.minLength === 'number' ? node.minLength : 0;
  const max = typeof node.maxLength === 'number' ? node.maxLength : undefined;
  if (max !== undefined) return `string of ${min} to ${max} characters`;
  if (min === 1) return 'non-empty string';
  return min > 1 ? `string of at least ${min} characters` : 'string';
}

function typeOf(node: JsonSchema): string {
  if (Array.isArray(node.anyOf)) return (node.anyOf as JsonSchema[]).map(typeOf).join(', or ');
  if ('const' in node) return code(String(node.const));
  if (Array.isArray(node.enum)) return `one of ${node.enum.map((value) => code(String(value))).join(', ')}`;
  switch (node.type) {
    case 'string':
      return stringType(node);
    case 'number':
    case 'integer':
      return numberType(node);
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const items =
        typeof node.items === 'object' && node.items !== null ? typeOf(node.items as JsonSchema) : '';
      const count =
        typeof node.minItems === 'number' && node.minItems > 0
          ? `; at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}`
          : '';
      return `list${items === '' ? '' : `; each item: ${items}`}${count}`;
    }
    case 'object': {
      if (typeof node.additionalProperties === 'object' && node.additionalProperties !== null) {
        return `map from string keys to: ${typeOf(node.additionalProperties as JsonSchema)}`;
      }
      return 'object (fields below)';
    }
    default:
      return 'any value';
  }
}

function typeLine(info: FieldInfo): string {
  return [
    typeOf(jsonSchemaOf(info.schema)),
    info.optional ? 'optional' : undefined,
    info.nullable ? 'nullable' : undefined,
  ]
    .filter((part): part is string => part !== undefined)
    .join('; ');
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers.

const ENV_VAR_NAMES = [...ENV_BINDINGS.map((binding) => binding.envVar), ...NON_CONFIG_KEEL_VARS].sort(
  (a, b) => b.length - a.length || a.localeCompare(b),
);
const ENV_VAR_MENTION = new RegExp(`\\b(${ENV_VAR_NAMES.join('|')})\\b`);

/**
 * A description as Markdown prose: the environment variables it names become code, and `<dataDir>`
 * and the like do not read as HTML (nor a lone `*` or `_` as emphasis).
 */
function prose(text: string): string {
  return text
    .split(ENV_VAR_MENTION)
    .map((part, index) =>
      index % 2 === 1
        ? code(part)
        : part.replace(/[\\<*[\]`]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (char) => `\\${char}`),
    )
    .join('');
}

function json(value: unknown): string {
  return code(JSON.stringify(value));
}

/** GitHub's heading anchor for a heading made of one code span. */
function anchor(fieldPath: string): string {
  return `#${fieldPath.toLowerCase().replace(/[^a-z0-9 _-]/g, '')}`;
}

function readProfile(name: string): unknown {
  return JSON.parse(readFileSync(path.join(PROFILES_DIR, `${name}.json`), 'utf8')) as unknown;
}

function showDerived(value: unknown): unknown {
  if (typeof value === 'string') return value.split(EXAMPLE_CWD).join('<cwd>');
  return value;
}

// ---------------------------------------------------------------------------------------------

interface Sources {
  profiles: Map<string, unknown>;
  /** The paper profile with an empty environment, as resolved by the loader, secrets redacted. */
  paperResolved: Record<string, unknown>;
  secrets: Map<string, string>;
}

function defaultLine(fieldPath: string, sources: Sources): string {
  const fromDefaults = getPath(CONFIG_DEFAULTS, fieldPath);
  const fromPaper = getPath(sources.profiles.get('paper'), fieldPath);
  if (fromDefaults !== undefined && fromPaper !== undefined) {
    return JSON.stringify(fromDefaults) === JSON.stringify(fromPaper)
      ? `${json(fromDefaults)} (config/defaults.ts; the paper profile sets the same)`
      : `${json(fromPaper)} (paper profile; config/defaults.ts: ${json(fromDefaults)})`;
  }
  if (fromPaper !== undefined) return `${json(fromPaper)} (paper profile)`;
  if (fromDefaults !== undefined) return `${json(fromDefaults)} (config/defaults.ts)`;
  const derived = getPath(sources.paperResolved, fieldPath);
  if (derived !== undefined) {
    const redacted = sources.secrets.has(fieldPath) ? ', redacted' : '';
    return `none; derived by the loader when unset (paper profile, empty environment${redacted}: ${json(showDerived(derived))})`;
  }
  return 'none (unset)';
}

function otherProfilesLine(fieldPath: string, sources: Sources): string | undefined {
  const values = PROFILES.filter((name) => name !== 'paper')
    .map((name) => [name, getPath(sources.profiles.get(name), fieldPath)] as const)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name} ${json(value)}`);
  return values.length === 0 ? undefined : values.join('; ');
}

function environmentLine(fieldPath: string): string {
  const bindings = ENV_BINDINGS.filter((binding) => binding.path === fieldPath);
  if (bindings.length === 0) return 'none';
  return bindings
    .map((binding) => {
      // Every parser refuses the empty value and says what it expects instead.
      const refused = binding.parse('');
      const expected = refused.ok ? '' : `: ${refused.expected}`;
      const inverted = binding.map && binding.map(true) === false && binding.map(false) === true;
      const mapped = binding.map
        ? inverted
          ? ' (inverted: true sets this field to false)'
          : ' (converted)'
        : '';
      return `${code(binding.envVar)}${expected}${mapped}`;
    })
    .join('; ');
}

function itemFields(schema: z.ZodType): string[] {
  if (!(schema instanceof z.ZodArray)) return [];
  const element = unwrap(schema.element as z.ZodType).schema;
  if (!(element instanceof z.ZodObject)) return [];
  const lines = ['- Each item:'];
  for (const [key, child] of Object.entries(element.shape)) {
    const info = unwrap(child as z.ZodType);
    const parts = [
      typeLine(info),
      info.schemaDefault !== undefined ? `default ${json(info.schemaDefault.value)}` : undefined,
    ].filter((part): part is string => part !== undefined);
    const description = info.description !== undefined ? ` — ${prose(info.description)}` : '';
    lines.push(`  - ${code(key)}: ${parts.join('; ')}${description}`);
  }
  return lines;
}

function fieldBlock(leaf: ConfigEntry, sources: Sources): string[] {
  const lines = [`### ${code(leaf.path)}`, ''];
  if (leaf.description !== undefined) lines.push(prose(leaf.description), '');
  lines.push(`- Type: ${typeLine(leaf)}`);
  lines.push(`- Default: ${defaultLine(leaf.path, sources)}`);
  const others = otherProfilesLine(leaf.path, sources);
  if (others !== undefined) lines.push(`- Other profiles: ${others}`);
  lines.push(`- Environment: ${environmentLine(leaf.path)}`);
  const secretVar = sources.secrets.get(leaf.path);
  if (secretVar !== undefined) {
    lines.push(`- **Secret**: environment only (${code(secretVar)}); a profile file that sets it is refused`);
  }
  lines.push(...itemFields(leaf.schema));
  lines.push('');
  return lines;
}

function groupBlock(group: ConfigEntry): string[] {
  return [
    `### ${code(group.path)}`,
    '',
    ...(group.description !== undefined ? [prose(group.description), ''] : []),
    '- Type: object (fields below)',
    '',
  ];
}

/** The configuration reference as Markdown (formatted as prettier would leave it). */
export function renderConfigReference(): string {
  const profiles = new Map<string, unknown>(PROFILES.map((name) => [name, readProfile(name)]));
  const paper = loadConfig({ env: {}, cli: { profile: 'paper' }, cwd: EXAMPLE_CWD });
  const sources: Sources = {
    profiles,
    paperResolved: redactConfig(paper),
    secrets: new Map(SECRET_FIELDS.map((field) => [field.path, field.envVar])),
  };
  const defaultProfile = loadConfig({ env: {}, cwd: EXAMPLE_CWD }).profile;

  const lines: string[] = [
    '# Configuration reference',
    '',
    `<!-- Generated by scripts/config-reference.ts from config/schema.ts, config/risk-schema.ts, config/defaults.ts, config/profiles/*.json and config/env.ts. Do not edit: run \`npm run docs:config\`. -->`,
    '',
    'Precedence, lowest first: built-in defaults (`config/defaults.ts`) ← profile file (`config/profiles/<profile>.json`) ← environment ← command-line flags. The loader then derives the values still unset (addresses, URLs, credentials of the simulator, the embedded database), validates the result against the zod schema and applies the cross-field rules of `config/rules.ts`; every problem is reported at once, with the field and the fix, and nothing starts.',
    '',
    `Profiles: ${PROFILES.map(code).join(', ')}; chosen with \`--profile\` or \`KEEL_PROFILE\`, default ${code(defaultProfile)}.`,
    '',
    `Secrets are read only from the environment; a profile file that contains one is refused, and the configuration Keel prints or stores has them redacted. Secret fields: ${SECRET_FIELDS.map((field) => `${code(field.path)} (${code(field.envVar)})`).join(', ')}.`,
    '',
    'An unknown `KEEL_*` variable is an error. Variables that select rather than configure, accepted alongside the ones below: ' +
      `${[...NON_CONFIG_KEEL_VARS].map(code).join(', ')}.`,
    '',
    'Each field lists its type, its default (from `config/defaults.ts` or the paper profile, as named; values in JSON), the values the other profiles set, the environment variable that sets it and the form the variable takes. Fields with no variable are set in a profile file, or derived by the loader where that is said.',
    '',
    '## Environment variables',
    '',
    ...ENV_BINDINGS.map(
      (binding) =>
        `- ${code(binding.envVar)} → [${code(binding.path)}](${anchor(binding.path)})${sources.secrets.has(binding.path) ? ' (secret)' : ''}`,
    ),
    '',
  ];

  const entries = configEntries();
  const topLevel = entries.filter((entry) => !entry.path.includes('.'));
  if (topLevel.length > 0) {
    lines.push('## Top-level fields', '');
    for (const leaf of topLevel) lines.push(...fieldBlock(leaf, sources));
  }
  for (const [section, child] of Object.entries(KeelConfigSchema.shape)) {
    if (!(unwrap(child as z.ZodType).schema instanceof z.ZodObject)) continue;
    lines.push(`## ${code(section)}`, '');
    const description = (child as z.ZodType).description;
    if (description !== undefined) lines.push(prose(description), '');
    for (const entry of entries.filter((e) => e.path.startsWith(`${section}.`))) {
      lines.push(...(entry.kind === 'group' ? groupBlock(entry) : fieldBlock(entry, sources)));
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function main(argv: readonly string[]): number {
  const file = path.join(PROJECT_ROOT, CONFIG_REFERENCE_FILE);
  const rendered = renderConfigReference();
  if (argv.includes('--check')) {
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== rendered) {
      console.error(`${CONFIG_REFERENCE_FILE} is stale: run \`npm run docs:config\` and commit the result.`);
      return 1;
    }
    console.log(`${CONFIG_REFERENCE_FILE} is up to date.`);
    return 0;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, rendered);
  console.log(`wrote ${CONFIG_REFERENCE_FILE}`);
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
