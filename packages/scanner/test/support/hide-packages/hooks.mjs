// Module customization hooks (node:module `register`): the packages named in
// AUTHBOUNDARY_HIDDEN_PACKAGES (comma-separated) resolve as if they were not installed. The package
// is looked up from a directory that has no node_modules, so Node itself raises its own
// ERR_MODULE_NOT_FOUND ("Cannot find package '<name>' imported from …"), as it does on a machine
// where the package was never installed.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const hidden = (process.env.AUTHBOUNDARY_HIDDEN_PACKAGES ?? '').split(',').filter((name) => name !== '');
const nowhere = pathToFileURL(join(tmpdir(), 'authboundary-no-packages-here', 'importer.mjs')).href;

export async function resolve(specifier, context, nextResolve) {
  if (hidden.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
    return nextResolve(specifier, { ...context, parentURL: nowhere });
  }
  return nextResolve(specifier, context);
}
