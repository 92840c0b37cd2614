import { configJsonSchema } from '@authboundary/rules';
import { baselineJsonSchema } from '../baseline/baseline-file.js';
import { reportJsonSchema } from '../report/report.js';

const asFile = (schema: Record<string, unknown>) => `${JSON.stringify(schema, null, 2)}\n`;

/**
 * The JSON Schemas this package publishes, by file name in the package directory, generated from
 * their Zod schemas (`pnpm generate` writes them; a test fails when a published file is stale).
 */
export function publishedSchemas(): Record<string, string> {
  return {
    'schema.json': asFile(configJsonSchema()),
    'report.schema.json': asFile(reportJsonSchema()),
    'baseline.schema.json': asFile(baselineJsonSchema()),
  };
}
