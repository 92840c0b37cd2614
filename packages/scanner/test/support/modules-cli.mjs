// Runs the CLI from the modules as built (`dist/cli.js`), not the bundle the bin runs: the tests of
// which module each command line loads (startup-modules.test.ts) look at the modules one by one.
import { main } from '../../dist/cli.js';

await main(process.argv);
