/** One problem with the configuration: the field, what is wrong, and how to fix it. */
export interface ConfigIssue {
  field: string;
  message: string;
  fix: string;
}

/** Thrown when the configuration cannot be used; nothing has been started or changed. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], context: string) {
    super(
      `invalid configuration (${context}):\n` +
        issues.map((issue) => `  - ${issue.field}: ${issue.message}\n    fix: ${issue.fix}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
