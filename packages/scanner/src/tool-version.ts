import { createRequire } from 'node:module';

/** This package's version: part of cache keys and shard reports (results of another version are never mixed in). */
export const toolVersion = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
