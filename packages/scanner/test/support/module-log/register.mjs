// `node --import <this file>`: logs every module the process resolves to the file named by
// AUTHBOUNDARY_MODULE_LOG — ES modules through the hooks of hooks.mjs, CommonJS `require` (which
// those hooks do not see on Node 20) by wrapping the CommonJS resolver — so a test sees a package
// whichever way it was loaded (ts-morph, for one, loads the compiler with `require`).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function logged(...args) {
  const resolved = resolveFilename.apply(this, args);
  appendFileSync(process.env.AUTHBOUNDARY_MODULE_LOG, `${resolved}\n`);
  return resolved;
};
