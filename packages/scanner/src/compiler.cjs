// The TypeScript compiler the scanner parses and resolves modules with: the `typescript` package,
// loaded with `require` from this CommonJS module. Imported from an ES module directly, Node would
// first scan the 9 MB compiler for its export names (cjs-module-lexer), about 0.6 s more per
// process and per worker thread (measured in the scanner README's "Dependencies"). ES modules import
// this file's default export, which is the compiler's namespace, types included (`ts.SourceFile`).
'use strict';

const ts = require('typescript');

module.exports = ts;
