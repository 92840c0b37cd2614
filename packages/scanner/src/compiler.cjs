// The TypeScript compiler the scanner parses and resolves modules with: the `typescript` package,
// loaded from this CommonJS module. Imported from an ES module directly, Node would first scan the
// 9 MB compiler for its export names (cjs-module-lexer), about 0.6 s more per process and per
// worker thread (measured in the scanner README's "Dependencies"). ES modules import this file's
// default export, which is the compiler's namespace, types included (`ts.SourceFile`). It is
// loaded as `require` would, but with a V8 code cache when the scan has a cache directory
// (`compiler-code-cache.cjs`).
'use strict';

// Puts the compiler in `require.cache`, compiled with the code cache when there is one; the
// `require` below returns that module.
require('./compiler-code-cache.cjs').loadCompiler();
const ts = require('typescript');

module.exports = ts;
