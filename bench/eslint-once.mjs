// One ESLint run over TypeScript files: `parser` (typescript-eslint's parser, no rules),
// `empty-rule` (the same plus one rule that does nothing: what ESLint itself spends once any rule
// is on) or `plugin` (the parser plus the plugin's recommended rules). Prints JSON.
// Usage: node bench/eslint-once.mjs DIR parser|empty-rule|plugin
import plugin from '@authboundary/eslint-plugin';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';

const [root, mode] = process.argv.slice(2);
const emptyRule = { plugins: { bench: { rules: { empty: { meta: { type: 'problem', schema: [] }, create: () => ({}) } } } }, rules: { 'bench/empty': 'error' } };
const extra = { parser: [], 'empty-rule': [emptyRule], plugin: [plugin.configs.recommended] }[mode];
if (extra === undefined) throw new Error(`unknown mode ${mode}: parser, empty-rule or plugin`);
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
