#!/usr/bin/env node
// Runs the bundled CLI (`dist/bundle/cli.js`, built with the package) unless it is missing or older
// than the build it was made from (`tsc -b` run after it): then the modules as built (`dist/cli.js`),
// the same code, slower to start. See `bundle-current.js` and `scripts/bundle.mjs`.
import { bundleIsCurrent } from './bundle-current.js';

const { main } = await import(bundleIsCurrent() ? '../dist/bundle/cli.js' : '../dist/cli.js');
await main(process.argv);
