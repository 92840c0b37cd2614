/**
 * Where the published JSON Schemas are served as JSON: the raw files of the repository's main
 * branch. Editors load `$schema` URLs, so the URL must return the schema itself, not a page about it.
 */
export const SCHEMA_BASE_URL = 'https://raw.githubusercontent.com/authboundary/authboundary/main/packages/scanner/';

/** The URL of a schema file published in `packages/scanner/` (e.g. `baseline.schema.json`). */
export const publishedSchemaUrl = (file: string) => `${SCHEMA_BASE_URL}${file}`;
