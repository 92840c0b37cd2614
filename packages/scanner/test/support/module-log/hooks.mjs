// Module customization hooks (node:module `register`): appends every module URL that is resolved to
// the file named by AUTHBOUNDARY_MODULE_LOG, so a test can see what a CLI run loaded.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(process.env.AUTHBOUNDARY_MODULE_LOG, `${resolved.url}\n`);
  return resolved;
}
