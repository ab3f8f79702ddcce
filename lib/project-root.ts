import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in runtime/). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
