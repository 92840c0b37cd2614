// One ESLint run over TypeScript files: `parser` (typescript-eslint's parser, no rules) or
// `plugin` (the same plus the plugin's recommended rules). Prints JSON.
// Usage: node bench/eslint-once.mjs DIR parser|plugin
import plugin from '@authboundary/eslint-plugin';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';

const [root, mode] = process.argv.slice(2);
const started = performance.now();
const cpuStarted = process.cpuUsage();
const eslint = new ESLint({
  cwd: root,
  cache: false,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } }, ...(mode === 'plugin' ? [plugin.configs.recommended] : [])],
});
const results = await eslint.lintFiles(['.']);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal));
if (fatal.length > 0) throw new Error(`ESLint could not parse a file: ${fatal[0].message}`);
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, findings: results.reduce((sum, result) => sum + result.messages.length, 0), files: results.length })}\n`,
);
