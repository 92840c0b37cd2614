export { ruleCatalogue, presetRuleIds, ruleById, projectRuleCatalogue, projectRuleById } from './catalogue.js';
export { defineRule, defineProjectRule, formatMessage, docsUrlOf } from './detector.js';
export { optionsJsonSchemaOf } from './options-json-schema.js';
export type {
  CollectListeners,
  Detection,
  DetectorContext,
  Preset,
  ProjectRuleDefinition,
  Rule,
  RuleDefinition,
  RuleListeners,
  RuleMeta,
  SchemaDetection,
  SchemaFileContext,
  Suggestion,
  TextEdit,
  TypeScript,
} from './detector.js';
export { SCHEMA_FILE_EXTENSIONS, isSchemaFilePath } from './identity/schema-columns.js';
export type {
  AnalyzeContext,
  AnyRule,
  CollectContext,
  FileFacts,
  ProjectDetection,
  ProjectRule,
  SourceRange,
} from './detector.js';
export type { FileContext, LayerName } from './layers.js';
export { resolveRuleOptions, runRule, runRules, type RuleToRun } from './run-rule.js';
export {
  ensureParents,
  hasParents,
  walkTree,
  type ListenersByKind,
  type NodeListener,
  type NodeListeners,
  type WalkOptions,
} from './walk.js';
export { ConfigError, type ConfigProblem } from './config/config-error.js';
export {
  CONFIG_FILE_NAME,
  configJsonSchema,
  configSchema,
  findConfigFile,
  loadConfigFile,
  resolveConfig,
} from './config/load-config.js';
export { alwaysIgnored, toGlobList, type ResolvedConfig, type RuleSetting } from './config/resolved-config.js';
export type { ConfigData, ConfigInput, Severity } from './config/schema.js';
export { layerGlobProblems, type LayerGlobProblem } from './config/layer-glob-coverage.js';
export {
  providerIds,
  providerProfiles,
  type AuthzClaim,
  type ProviderCall,
  type ProviderProfile,
  type SdkModule,
} from './providers/index.js';
export { wordsOf } from './syntax/words.js';
export { lineAndColumnIn, lineRangeFunctionOf } from './syntax/line-ranges.js';
export { ModuleGraph, resolveRelativeImport, type ModuleResolver } from './project/module-graph.js';
export { moduleFactsOf, type ModuleFacts } from './syntax/module-facts.js';
export { LastTree, releaseLastTrees } from './syntax/last-tree.js';
export { ownText } from './syntax/own-text.js';
export {
  DEFAULT_SURVEY_OPTIONS,
  surveyFile,
  surveyListeners,
  surveyOptionsOf,
  type SiteDetail,
  type SiteKind,
  type SurfaceSite,
  type SurveyListeners,
  type SurveyOptions,
} from './surface/survey.js';
