import { z } from 'zod';

/**
 * The JSON Schema of a rule's options, generated from its Zod options (the one source of truth):
 * draft-07, the input side (options with a default are optional), without `$schema`, because ESLint
 * validates `meta.schema` with its own Ajv set-up, which rejects a meta-schema it was not given.
 * Hosts that need a JSON Schema (the ESLint plugin's `meta.schema`) take it from here, so they do
 * not carry a second copy of Zod to make it.
 */
export function optionsJsonSchemaOf(rule: { readonly meta: { readonly options: z.ZodType } }): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(rule.meta.options, { io: 'input', target: 'draft-7' });
  return schema;
}
