import { docsUrlOf, optionsJsonSchemaOf, type Rule } from '@authboundary/rules';
import type { JSONSchema, TSESLint } from '@typescript-eslint/utils';
import { FileRun, optionsOf } from './file-run.js';
import { sourceFileOf } from './source-file-of.js';

/** The ESLint options schema of a rule: the JSON Schema the rules package generates from its Zod options. */
function optionsJsonSchema(rule: Rule<unknown>): JSONSchema.JSONSchema4 {
  return optionsJsonSchemaOf(rule) as unknown as JSONSchema.JSONSchema4;
}

/**
 * Adapts a detector to an ESLint rule: it finds the configuration and the syntax tree, and reports.
 * A plain rule module rather than typescript-eslint's `RuleCreator`, whose wrapper merges default
 * options on every file: options are validated by the rule's Zod schema, once per configuration.
 */
export function eslintRuleOf(rule: Rule<unknown>): TSESLint.RuleModule<string, [Record<string, unknown>?]> {
  return {
    meta: {
      type: rule.meta.type,
      docs: { description: rule.meta.description, url: docsUrlOf(rule.id) },
      messages: rule.meta.messages,
      schema: [optionsJsonSchema(rule)],
      ...(rule.meta.hasSuggestions ? { hasSuggestions: true } : {}),
    },
    create(context) {
      const run = FileRun.of(context);
      if (run === null || !rule.appliesTo(run.file)) return {};
      run.join(rule, optionsOf(rule, run.config, context.options[0]));
      return {
        Program(program) {
          for (const detection of run.detectionsOf(rule, sourceFileOf(context, program))) {
            context.report({
              loc: {
                start: context.sourceCode.getLocFromIndex(detection.start),
                end: context.sourceCode.getLocFromIndex(detection.end),
              },
              messageId: detection.messageId,
              data: detection.data,
              ...(detection.suggestions
                ? {
                    suggest: detection.suggestions.map((suggestion) => ({
                      messageId: suggestion.messageId,
                      data: suggestion.data ?? {},
                      fix: (fixer: TSESLint.RuleFixer) =>
                        suggestion.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
                    })),
                  }
                : {}),
            });
          }
        },
      };
    },
  };
}
