import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { optionsJsonSchemaOf, projectRuleCatalogue, ruleCatalogue } from './index.js';

// The ESLint plugin's `meta.schema` of every rule is this schema (the plugin no longer carries Zod).
describe('optionsJsonSchemaOf', () => {
  it.each([...ruleCatalogue, ...projectRuleCatalogue].map((rule) => [rule.id, rule] as const))(
    '%s: a closed draft-07 object without $schema, each option with its description and its default',
    (_id, rule) => {
      const schema = optionsJsonSchemaOf(rule) as {
        $schema?: unknown;
        type: string;
        additionalProperties: unknown;
        required?: unknown;
        properties: Record<string, { default?: unknown; description?: unknown }>;
      };
      expect(schema.$schema).toBeUndefined();
      expect(schema.type).toBe('object');
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required).toBeUndefined(); // the input side: every option has a default
      const options = rule.meta.options;
      if (!(options instanceof z.ZodObject)) throw new Error(`${rule.id}: options are not a Zod object`);
      expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(options.shape).sort());
      const defaults = options.parse({});
      for (const [key, property] of Object.entries(schema.properties)) {
        expect(property.default, `${rule.id}.${key}`).toEqual(defaults[key]);
        expect(property.description, `${rule.id}.${key}`).toEqual(expect.any(String));
      }
    },
  );
});
