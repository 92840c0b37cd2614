import { createRequire } from 'node:module';
import { presetRuleIds, ruleCatalogue, type Preset } from '@authboundary/rules';
import type { TSESLint } from '@typescript-eslint/utils';
import { eslintRuleOf } from './eslint-rule-of.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The files the presets apply to: TypeScript and JavaScript sources. */
export const sourceFiles = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

const rules = Object.fromEntries(ruleCatalogue.map((rule) => [rule.id, eslintRuleOf(rule)]));

type FlatConfig = TSESLint.FlatConfig.Config;

const plugin = {
  meta: { name, version, namespace: 'authboundary' },
  rules,
  configs: {} as Record<Preset, FlatConfig>,
};

/** Flat configs generated from rule metadata: `recommended` and `strict`. */
function presetConfig(preset: Preset): FlatConfig {
  return {
    name: `authboundary/${preset}`,
    files: sourceFiles,
    plugins: { authboundary: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: Object.fromEntries(presetRuleIds(preset).map((id) => [`authboundary/${id}`, 'error'])),
  };
}
plugin.configs.recommended = presetConfig('recommended');
plugin.configs.strict = presetConfig('strict');

export { rules };
export const configs = plugin.configs;
export default plugin;
