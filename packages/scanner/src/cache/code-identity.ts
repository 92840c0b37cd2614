import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOL_VERSION } from '../version.js';

const require = createRequire(import.meta.url);
const JAVASCRIPT = /\.[cm]?js$/;

/**
 * The JavaScript files (`.js`, `.cjs`, `.mjs`) under `directory` with their size and modification
 * time, in name order: the modules as built, the bundled CLI's chunks in `dist/bundle/` and the
 * CommonJS modules that load the compiler.
 */
function stampsOf(directory: string, into: string[]): void {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    into.push(`${directory}:unreadable`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) stampsOf(path, into);
    else if (JAVASCRIPT.test(entry.name)) {
      try {
        const stat = statSync(path);
        into.push(`${path}:${stat.size}:${stat.mtimeMs}`);
      } catch {
        into.push(`${path}:gone`);
      }
    }
  }
}

/** The identity of the code compiled into `directories` (see `codeIdentity`). */
export function codeIdentityOf(version: string, directories: readonly string[]): string {
  const stamps: string[] = [version];
  for (const directory of directories) stampsOf(directory, stamps);
  return `${version}:${createHash('sha1').update(stamps.join('\n')).digest('base64url')}`;
}

let identity: string | undefined;

/**
 * What cached results depend on besides the configuration: the scanner's version and the code
 * that computed them — every compiled file of the scanner and of `@authboundary/rules` (path,
 * size, modification time). A rebuilt or reinstalled rule set, even under the same version
 * number, makes every cache entry stale instead of serving results of another shape.
 */
export function codeIdentity(): string {
  identity ??= codeIdentityOf(TOOL_VERSION, [
    join(dirname(fileURLToPath(import.meta.url)), '..'),
    dirname(require.resolve('@authboundary/rules')),
  ]);
  return identity;
}
