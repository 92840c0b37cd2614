import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@authboundary/scanner';

/**
 * The manifest of `@authboundary/scanner`: the nearest `package.json` above this module of that
 * name. The module is `dist/version.js` as built and a chunk of `dist/bundle/` in the bundled CLI
 * (`scripts/bundle.mjs`), so the manifest is found by looking up rather than at a fixed `../`.
 */
function manifestVersion(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(directory, 'package.json');
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      const manifest = JSON.parse(text) as { name?: unknown; version?: unknown };
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    }
    const parent = dirname(directory);
    if (parent === directory)
      throw new Error(`${PACKAGE_NAME}: no package.json of that name above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
}

/** The version of `@authboundary/scanner` (baseline files and SARIF logs name it). */
export const TOOL_VERSION = manifestVersion();
