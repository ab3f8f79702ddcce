import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ENV_BINDINGS, NON_CONFIG_KEEL_VARS } from '../../config/env.js';
import { loadConfig } from '../../config/load.js';
import { KeelConfigSchema, SECRET_FIELDS } from '../../config/schema.js';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import { CONFIG_REFERENCE_FILE, renderConfigReference } from '../../scripts/config-reference.js';

/** Every field of the schema (objects included) and whether it is a leaf, walked here independently. */
function schemaFields(): { path: string; leaf: boolean; description: string | undefined }[] {
  const fields: { path: string; leaf: boolean; description: string | undefined }[] = [];
  const walk = (object: z.ZodObject, prefix: string): void => {
    for (const [key, child] of Object.entries(object.shape)) {
      const fieldPath = prefix === '' ? key : `${prefix}.${key}`;
      let schema = child as z.ZodType;
      let description = schema.description;
      while (
        schema instanceof z.ZodOptional ||
        schema instanceof z.ZodNullable ||
        schema instanceof z.ZodDefault
      ) {
        schema = schema.unwrap() as z.ZodType;
        description ??= schema.description;
      }
      const leaf = !(schema instanceof z.ZodObject);
      fields.push({ path: fieldPath, leaf, description });
      if (schema instanceof z.ZodObject) walk(schema, fieldPath);
    }
  };
  walk(KeelConfigSchema, '');
  return fields;
}

const rendered = renderConfigReference();

describe('configuration reference (docs/configuration.md)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is up to date with the schema, defaults, profiles and environment bindings', () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, CONFIG_REFERENCE_FILE), 'utf8');
    expect(committed, `${CONFIG_REFERENCE_FILE} is stale: run \`npm run docs:config\``).toBe(rendered);
  });

  it('renders the same document every time', () => {
    expect(renderConfigReference()).toBe(rendered);
  });

  it('documents every field of the schema, each leaf with its description', () => {
    const fields = schemaFields();
    expect(fields.filter((field) => field.leaf).length).toBeGreaterThan(50);
    for (const field of fields) {
      if (!field.path.includes('.') && !field.leaf) continue; // top-level sections are ## headings
      expect(rendered, `no heading for ${field.path}`).toContain(`\n### \`${field.path}\`\n`);
    }
    const undescribed = fields.filter((field) => field.leaf && !field.description?.trim());
    expect(
      undescribed.map((field) => field.path),
      'add .describe() to these fields in config/schema.ts or config/risk-schema.ts',
    ).toEqual([]);
    for (const section of Object.keys(KeelConfigSchema.shape)) {
      if (fields.some((field) => field.path.startsWith(`${section}.`))) {
        expect(rendered).toContain(`\n## \`${section}\`\n`);
      }
    }
  });

  it('names every environment variable config/env.ts knows, next to its field', () => {
    const leaves = new Set(schemaFields().map((field) => field.path));
    for (const binding of ENV_BINDINGS) {
      expect(leaves, `${binding.envVar} binds to an unknown field`).toContain(binding.path);
      const block = rendered.split(`\n### \`${binding.path}\`\n`)[1]?.split('\n### ')[0] ?? '';
      expect(block, `${binding.envVar} under ${binding.path}`).toContain(
        `- Environment: \`${binding.envVar}\``,
      );
    }
    for (const name of NON_CONFIG_KEEL_VARS) expect(rendered).toContain(`\`${name}\``);
    for (const secret of SECRET_FIELDS) {
      const block = rendered.split(`\n### \`${secret.path}\`\n`)[1]?.split('\n### ')[0] ?? '';
      expect(block, `${secret.path} is marked secret`).toContain(`- **Secret**: environment only`);
    }
  });

  it('is a reference, not a dump: no secret value from the environment appears', () => {
    const secrets = {
      KEEL_PROFILE: 'canary',
      KEEL_VENUE_API_KEY: 'sample-live-key-7f3a91',
      KEEL_VENUE_API_SECRET: 'sample-live-secret-c2e84d',
      KEEL_LIVE_TRADING: 'enabled',
      DATABASE_URL: 'postgres://keel:sample-db-pw-5531@db.internal:5432/keel',
      KEEL_ALERT_WEBHOOK_URL: 'https://hooks.example.com/T000/B000/sample-alert-token',
      KEEL_EXPORT_WEBHOOK_URL: 'https://hooks.example.com/T000/B000/sample-export-token',
    };
    for (const [name, value] of Object.entries(secrets)) vi.stubEnv(name, value);
    // The sample is a working environment: the loader accepts it with these secrets.
    expect(loadConfig().venue.apiKey).toBe(secrets.KEEL_VENUE_API_KEY);

    const doc = renderConfigReference();
    expect(doc).toBe(rendered);
    for (const value of [
      secrets.KEEL_VENUE_API_KEY,
      secrets.KEEL_VENUE_API_SECRET,
      'sample-db-pw-5531',
      'db.internal',
      'sample-alert-token',
      'sample-export-token',
    ]) {
      expect(doc).not.toContain(value);
    }
    // Nor the development credentials the loader derives for the simulator and the embedded database.
    const paper = loadConfig({ env: {} });
    for (const value of [paper.venue.apiKey, paper.venue.apiSecret, paper.database.url]) {
      expect(value).toBeTruthy();
      expect(doc).not.toContain(String(value));
    }
  });
});
