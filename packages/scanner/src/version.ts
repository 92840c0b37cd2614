import { createRequire } from 'node:module';

/** The version of `@authboundary/scanner` (baseline files and SARIF logs name it). */
export const TOOL_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
