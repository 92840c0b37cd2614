import { publishedSchemaUrl } from '../../schema-url.js';
import type { Reporter } from './reporter.js';

export const REPORT_SCHEMA_URL = publishedSchemaUrl('report.schema.json');

export const jsonReporter: Reporter = (report) =>
  `${JSON.stringify({ $schema: REPORT_SCHEMA_URL, ...report }, null, 2)}\n`;
