import { docsUrlOf, resolveRuleOptions, runRule, type Rule } from '@authboundary/rules';
import { ESLintUtils, type JSONSchema, type TSESLint } from '@typescript-eslint/utils';
import * as ts from 'typescript';
import { z } from 'zod';
import { configForFile, relativePathOf } from './config-for-file.js';
import { sourceFileOf } from './source-file-of.js';

const createRule = ESLintUtils.RuleCreator(docsUrlOf);

/** The ESLint options schema of a rule, generated from its Zod options (the one source of truth). */
function optionsJsonSchema(rule: Rule<any>): JSONSchema.JSONSchema4 {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(rule.meta.options, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return schema as unknown as JSONSchema.JSONSchema4;
}

/** Adapts a detector to an ESLint rule: it finds the configuration and the syntax tree, and reports. */
export function eslintRuleOf(rule: Rule<any>) {
  return createRule<[Record<string, unknown>], string>({
    name: rule.id,
    meta: {
      type: rule.meta.type,
      docs: { description: rule.meta.description },
      messages: rule.meta.messages,
      schema: [optionsJsonSchema(rule)],
      ...(rule.meta.hasSuggestions ? { hasSuggestions: true } : {}),
    },
    defaultOptions: [{}],
    create(context) {
      const config = configForFile(context.filename, context.cwd, context.settings);
      const file = config.classify(relativePathOf(config, context.filename));
      if (file === null || !rule.appliesTo(file)) return {};
      const options = resolveRuleOptions(rule, config, context.options[0]);
      return {
        Program(program) {
          const sourceFile = sourceFileOf(context, program);
          for (const detection of runRule(rule, ts, sourceFile, config, file, options)) {
            context.report({
              loc: { start: context.sourceCode.getLocFromIndex(detection.start), end: context.sourceCode.getLocFromIndex(detection.end) },
              messageId: detection.messageId,
              data: detection.data,
              ...(detection.suggestions
                ? {
                    suggest: detection.suggestions.map((suggestion) => ({
                      messageId: suggestion.messageId,
                      data: suggestion.data ?? {},
                      fix: (fixer: TSESLint.RuleFixer) => suggestion.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
                    })),
                  }
                : {}),
            });
          }
        },
      };
    },
  });
}
