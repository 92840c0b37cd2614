#!/usr/bin/env node
// Writes the published JSON Schemas of the weekly-number contracts (history file, trend JSON) from
// their Zod sources (run after `tsc -b`). test/weekly-schemas.test.ts fails when the committed
// files differ from what this writes. Same shape as generate-schemas.mjs: at merge, these entries
// can move into its `publishedSchemas`.
import { writeFileSync } from 'node:fs';
import { historyJsonSchema, trendJsonSchema } from '../dist/index.js';

export const weeklySchemas = {
  'history.schema.json': () => historyJsonSchema(),
  'trend.schema.json': () => trendJsonSchema(),
};

export const serialize = (schema) => `${JSON.stringify(schema, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, build] of Object.entries(weeklySchemas)) writeFileSync(new URL(`../${file}`, import.meta.url), serialize(build()));
}
