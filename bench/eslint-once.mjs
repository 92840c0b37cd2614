// One ESLint run over TypeScript files: `parser` (typescript-eslint's parser, no rules),
// `empty-rule` (the same plus one rule that does nothing: what ESLint itself spends once any rule
// is on), `plugin` (the parser plus the plugin's recommended rules) or `boundaries` (the parser plus
// eslint-plugin-boundaries, installed by bench/run.mjs into PEERS_DIR: bench/peers/peers.mjs). Prints JSON.
// Usage: node bench/eslint-once.mjs DIR parser|empty-rule|plugin|boundaries [PEERS_DIR]
import plugin from '@authboundary/eslint-plugin';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { boundariesConfig } from './peers/peers.mjs';

const [root, mode, peers] = process.argv.slice(2);
const emptyRule = {
  plugins: { bench: { rules: { empty: { meta: { type: 'problem', schema: [] }, create: () => ({}) } } } },
  rules: { 'bench/empty': 'error' },
};
if (mode === 'boundaries' && peers === undefined)
  throw new Error('boundaries needs the directory the peers are installed in');
const extra = {
  parser: [],
  'empty-rule': [emptyRule],
  plugin: [plugin.configs.recommended],
  boundaries: mode === 'boundaries' ? await boundariesConfig(peers, root) : [],
}[mode];
if (extra === undefined) throw new Error(`unknown mode ${mode}: parser, empty-rule, plugin or boundaries`);
const started = performance.now();
const cpuStarted = process.cpuUsage();
const eslint = new ESLint({
  cwd: root,
  cache: false,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } }, ...extra],
});
const results = await eslint.lintFiles(['.']);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal));
if (fatal.length > 0) throw new Error(`ESLint could not parse a file: ${fatal[0].message}`);
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, findings: results.reduce((sum, result) => sum + result.messages.length, 0), files: results.length })}\n`,
);
