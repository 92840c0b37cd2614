import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import type { ConfigProblem } from './config-error.js';

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
}

/** `layers.domains.booking`, `providers[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** How a found value is shown in a message: `42`, `"src/**"`, `an object`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return `a ${typeof value}`;
}

export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(name, [...candidates]);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The property names the JSON Schema allows at `path` (used for "did you mean"). */
function knownKeysAt(schema: JsonSchema, path: readonly PropertyKey[]): string[] {
  let candidates: JsonSchema[] = [schema];
  for (const key of path) {
    const next: JsonSchema[] = [];
    for (const node of expand(candidates)) {
      if (typeof key === 'number') {
        if (Array.isArray(node.prefixItems) && node.prefixItems[key]) next.push(node.prefixItems[key]);
        if (node.items && !Array.isArray(node.items)) next.push(node.items);
      } else if (typeof key === 'string' && node.properties?.[key]) next.push(node.properties[key]);
      else if (typeof node.additionalProperties === 'object') next.push(node.additionalProperties);
    }
    candidates = next;
  }
  return [...new Set(expand(candidates).flatMap((node) => Object.keys(node.properties ?? {})))];
}

function expand(nodes: JsonSchema[]): JsonSchema[] {
  return nodes.flatMap((node) => [node, ...expand([...(node.anyOf ?? []), ...(node.oneOf ?? [])])]);
}

/**
 * Turns Zod issues into one problem per offending key: `layers.domains.booking: expected a glob
 * string or an array of globs, got 42`; unknown keys get the nearest valid key.
 */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  jsonSchema: object,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(jsonSchema, issue.path);
      for (const key of issue.keys) {
        const suggestion = didYouMean(key, known);
        problems.push({
          path: formatPath([...issue.path, key]),
          message: `unknown key${suggestion ? `; did you mean "${suggestion}"?` : ''}${known.length > 0 ? ` (expected one of: ${known.join(', ')})` : ''}`,
        });
      }
      continue;
    }
    const found = valueAt(input, issue.path);
    let message = `${issue.message}, got ${describeValue(found)}`;
    const candidates = issue.code === 'custom' ? (issue.params?.['candidates'] as string[] | undefined) : undefined;
    if (candidates && typeof found === 'string') {
      const suggestion = didYouMean(found, candidates);
      if (suggestion) message += `; did you mean "${suggestion}"?`;
    }
    problems.push({ path: formatPath(issue.path), message });
  }
  return problems;
}
