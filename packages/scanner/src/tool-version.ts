import { createRequire } from 'node:module';

/** Version of @authboundary/scanner (history records and cache keys carry it). */
export const toolVersion: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
