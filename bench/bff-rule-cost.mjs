// Cost of no-business-policy-in-bff in ESLint, as a ratio to typescript-eslint's parser alone.
//
//   node bench/bff-rule-cost.mjs <directory with authboundary.config.json> [more directories…]
//
// Lints every .ts/.tsx file of the BFF layer of each directory's configuration with ESLint's
// Linter (in memory, no file-system cost in the loop), three ways, alternating, and prints medians:
// the parser alone, the parser and this rule, the parser and every rule of the plugin (CPU time).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import plugin from '@authboundary/eslint-plugin';
import { loadConfigFile, ruleCatalogue } from '@authboundary/rules';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';

const directories = process.argv.slice(2);
if (directories.length === 0) {
  process.stderr.write('usage: node bench/bff-rule-cost.mjs <directory with authboundary.config.json>…\n');
  process.exitCode = 2;
} else {
  const files = [];
  const walk = (directory, root, config) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const name = entry.name;
      if (name === 'node_modules' || name.startsWith('.') || entry.isSymbolicLink()) continue;
      const path = join(directory, name);
      if (entry.isDirectory()) walk(path, root, config);
      else if (/\.tsx?$/.test(name) && config.classify(relative(root, path).split(sep).join('/'))?.layer === 'bff')
        files.push({ path, text: readFileSync(path, 'utf8') });
    }
  };
  for (const directory of directories)
    walk(directory, directory, loadConfigFile(join(directory, 'authboundary.config.json')));

  const base = {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
  };
  const setups = {
    parser: [base],
    // An ESLint rule that only asks for the Program node: what any rule costs in ESLint (traversal, code paths).
    emptyRule: [
      base,
      {
        plugins: {
          bench: { rules: { program: { meta: { type: 'problem', schema: [] }, create: () => ({ Program() {} }) } } },
        },
        rules: { 'bench/program': 'error' },
      },
    ],
    rule: [base, { plugins: { authboundary: plugin }, rules: { 'authboundary/no-business-policy-in-bff': 'error' } }],
    plugin: [
      base,
      {
        plugins: { authboundary: plugin },
        rules: Object.fromEntries(ruleCatalogue.map((rule) => [`authboundary/${rule.id}`, 'error'])),
      },
    ],
  };
  // cwd '/' so that the files' glob matches files of any directory given.
  const linter = new Linter({ configType: 'flat', cwd: '/' });
  const lintAll = (config) => {
    let messages = 0;
    // CPU time of this process, not wall time: the machine is shared, waiting for a core is not cost.
    const start = process.cpuUsage();
    for (const file of files) messages += linter.verify(file.text, config, { filename: file.path }).length;
    const used = process.cpuUsage(start);
    return { ms: (used.user + used.system) / 1000, messages };
  };
  const samples = Object.fromEntries(Object.keys(setups).map((name) => [name, []]));
  const findings = {};
  for (const [name, config] of Object.entries(setups)) findings[name] = lintAll(config).messages; // warm-up
  const rounds = Number(process.env.ROUNDS ?? 9);
  for (let round = 0; round < rounds; round++)
    for (const [name, config] of Object.entries(setups)) samples[name].push(lintAll(config).ms);
  const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
  const parser = median(samples.parser);
  process.stdout.write(`${files.length} BFF files, ${rounds} rounds (median)\n`);
  for (const name of Object.keys(setups)) {
    process.stdout.write(
      `${name.padEnd(9)} ${median(samples[name]).toFixed(1).padStart(8)} ms  ${(median(samples[name]) / parser).toFixed(3)}×  messages ${findings[name]}\n`,
    );
  }
}
