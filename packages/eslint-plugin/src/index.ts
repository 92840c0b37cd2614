import { createRequire } from 'node:module';
import { presetRuleIds, ruleCatalogue, type Preset } from '@authboundary/rules';
import type { ESLint, Linter, Rule } from 'eslint';
import { eslintRuleOf } from './eslint-rule-of.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The files the presets apply to: TypeScript and JavaScript sources. */
export const sourceFiles = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

// typescript-eslint's RuleModule and ESLint's Rule.RuleModule describe the same runtime object;
// the public surface uses ESLint's own types so `eslint.config.ts` files type-check.
const rules = Object.fromEntries(
  ruleCatalogue.map((rule) => [rule.id, eslintRuleOf(rule) as unknown as Rule.RuleModule]),
);

const plugin = {
  meta: { name, version, namespace: 'authboundary' },
  rules,
  configs: {} as Record<Preset, Linter.Config>,
} satisfies ESLint.Plugin;

/** Flat configs generated from rule metadata: `recommended` and `strict`. */
function presetConfig(preset: Preset): Linter.Config {
  return {
    name: `authboundary/${preset}`,
    files: sourceFiles,
    plugins: { authboundary: plugin },
    rules: Object.fromEntries(presetRuleIds(preset).map((id) => [`authboundary/${id}`, 'error'])),
  };
}
plugin.configs.recommended = presetConfig('recommended');
plugin.configs.strict = presetConfig('strict');

export { rules };
export const configs: Record<Preset, Linter.Config> = plugin.configs;
export default plugin as ESLint.Plugin & { configs: Record<Preset, Linter.Config> };
