import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { identifierMatchersOf } from '../providers/identifier-matchers.js';
import type { ProviderProfile } from '../providers/provider-profile.js';
import { propertyNameText } from '../syntax/unwrap.js';

/**
 * A schema column that holds a provider's user id, declared outside the auth layer: the mapping
 * column (`clerkId`, `auth0_sub`) or a column keyed by the provider's user table (Supabase's
 * `auth.users`). One per column, at its name.
 */
export interface SchemaColumn {
  /** Offsets of the column's name in the file's text. */
  readonly start: number;
  readonly end: number;
  /** The model or table that declares it. */
  readonly table: string;
  readonly column: string;
  /** The provider's display name. */
  readonly provider: string;
  /** Why the column holds the provider's user id, as a clause of the message. */
  readonly evidence: string;
}

/** Extensions of the schema files the scanner reads besides TypeScript and JavaScript. */
export const SCHEMA_FILE_EXTENSIONS = ['.prisma'] as const;

export const isSchemaFilePath = (path: string): boolean =>
  SCHEMA_FILE_EXTENSIONS.some((extension) => path.endsWith(extension));

const SUPABASE = 'supabase';
const supabaseOf = (providers: readonly ProviderProfile[]) => providers.find((provider) => provider.id === SUPABASE);

/** `// …` outside a string literal, or undefined. */
function commentStart(line: string): number | undefined {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '\\' && quoted) index++;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === '/' && line[index + 1] === '/') return index;
  }
  return undefined;
}

interface PrismaField {
  readonly name: string;
  readonly type: string;
  readonly start: number;
  readonly attributes: string;
  readonly comment: string;
}

interface PrismaModel {
  readonly name: string;
  readonly fields: PrismaField[];
  /** `@@map("…")`, `@@schema("…")`. */
  map?: string;
  schema?: string;
}

const BLOCK_START = /^\s*(model|view)\s+([A-Za-z_]\w*)\s*\{\s*$/;
const FIELD = /^(\s*)([A-Za-z_]\w*)\s+([A-Za-z_]\w*)(?:\[\])?\??(?=\s|$)(.*)$/;
const MODEL_ATTRIBUTE = /^\s*@@(map|schema)\(\s*(?:name:\s*)?"([^"]*)"/;

/**
 * The models and views of a Prisma schema, with each field's offset (a line-based reading: Prisma's
 * grammar is line-based).
 */
function prismaModels(text: string): PrismaModel[] {
  const models: PrismaModel[] = [];
  let current: PrismaModel | undefined;
  let offset = 0;
  for (const rawLine of text.split('\n')) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (current === undefined) {
      const block = BLOCK_START.exec(line.slice(0, commentStart(line)));
      if (block !== null) {
        current = { name: block[2] ?? '', fields: [] };
        models.push(current);
      }
      continue;
    }
    const cut = commentStart(line);
    const code = cut === undefined ? line : line.slice(0, cut);
    const comment = cut === undefined ? '' : line.slice(cut);
    if (/^\s*\}\s*$/.test(code)) {
      current = undefined;
      continue;
    }
    const modelAttribute = MODEL_ATTRIBUTE.exec(code);
    if (modelAttribute !== null) {
      if (modelAttribute[1] === 'map') current.map = modelAttribute[2];
      else current.schema = modelAttribute[2];
      continue;
    }
    const field = FIELD.exec(code);
    if (field === null) continue;
    const [, indent = '', name = '', type = '', attributes = ''] = field;
    current.fields.push({ name, type, start: lineStart + indent.length, attributes, comment });
  }
  return models;
}

/** The value of `@map("…")` on a field, or undefined. */
const mappedName = (attributes: string) => /@map\(\s*(?:name:\s*)?"([^"]*)"/.exec(attributes)?.[1];

/** The scalar fields named in `@relation(fields: [a, b], …)`. */
const relationFields = (attributes: string) =>
  /@relation\([^)]*fields:\s*\[([^\]]*)\]/
    .exec(attributes)?.[1]
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '') ?? [];

/** Supabase's user table as a Prisma model: in schema `auth` (multiSchema) and mapped to, or named, `users`. */
const isSupabaseAuthUsers = (model: PrismaModel) =>
  model.schema === 'auth' && (model.map ?? model.name).toLowerCase() === 'users';

/**
 * Columns of a Prisma schema that hold a provider's user id: a field named for it (`workOsUserId`,
 * `auth0Id`, `@map("clerk_user_id")`, as `providerOfName` reads names), and with Supabase Auth, a
 * scalar field of a relation to the `auth.users` model (`@@schema("auth")`) or one whose comment
 * says it references `auth.users`. Relation fields (typed by a model) are not columns.
 */
export function prismaProviderIdColumns(text: string, providers: readonly ProviderProfile[]): SchemaColumn[] {
  const matchers = identifierMatchersOf(providers);
  const supabase = supabaseOf(providers);
  const models = prismaModels(text);
  const modelNames = new Map(models.map((model) => [model.name, model]));
  const columns: SchemaColumn[] = [];
  for (const model of models) {
    const table = model.map ?? model.name;
    const authUsersKeys = new Set(
      supabase === undefined
        ? []
        : model.fields.flatMap((field) => {
            const target = modelNames.get(field.type);
            return target !== undefined && isSupabaseAuthUsers(target) ? relationFields(field.attributes) : [];
          }),
    );
    for (const field of model.fields) {
      if (modelNames.has(field.type)) continue;
      const mapped = mappedName(field.attributes);
      const named =
        matchers.providerOfName(field.name) ?? (mapped === undefined ? undefined : matchers.providerOfName(mapped));
      const at = { start: field.start, end: field.start + field.name.length, table, column: field.name };
      if (named !== undefined) columns.push({ ...at, provider: named, evidence: 'its name says so' });
      else if (supabase !== undefined && authUsersKeys.has(field.name))
        columns.push({ ...at, provider: supabase.name, evidence: 'its relation references `auth.users`' });
      else if (supabase !== undefined && /\bauth\.users\b/i.test(field.comment))
        columns.push({ ...at, provider: supabase.name, evidence: 'its comment says it references `auth.users`' });
    }
  }
  return columns;
}

/** The type literal of a property signature's type, or undefined. */
function literalOf(ts: TypeScript, member: ts.TypeElement): ts.TypeLiteralNode | undefined {
  return ts.isPropertySignature(member) && member.type !== undefined && ts.isTypeLiteralNode(member.type)
    ? member.type
    : undefined;
}

function memberNamed(ts: TypeScript, literal: ts.TypeLiteralNode, name: string): ts.TypeElement | undefined {
  return literal.members.find((member) => propertyNameText(ts, member.name) === name);
}

/** The string of a literal type (`"users"`), or undefined. */
function stringTypeOf(ts: TypeScript, type: ts.TypeNode | undefined): string | undefined {
  return type !== undefined && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)
    ? type.literal.text
    : undefined;
}

/**
 * Columns of generated Supabase `Database` types (`supabase gen types typescript`) whose foreign
 * key references `users` while the schema has no table or view `users`: the generator names a
 * relation to `auth.users` so (`referencedRelation: "users"`), and Supabase Auth's user id is then
 * the table's key for its users. One per column, at its `Row` member. `text` is a cheap pre-check:
 * files without `referencedRelation` are not walked.
 */
export function supabaseTypesProviderIdColumns(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  providers: readonly ProviderProfile[],
): SchemaColumn[] {
  const supabase = supabaseOf(providers);
  if (supabase === undefined || !sourceFile.text.includes('referencedRelation')) return [];
  const columns: SchemaColumn[] = [];
  const visitSchema = (schema: ts.TypeLiteralNode) => {
    const tables = memberNamed(ts, schema, 'Tables');
    const tablesLiteral = tables === undefined ? undefined : literalOf(ts, tables);
    if (tablesLiteral === undefined) return;
    const views = memberNamed(ts, schema, 'Views');
    const viewsLiteral = views === undefined ? undefined : literalOf(ts, views);
    const relations = [...tablesLiteral.members, ...(viewsLiteral?.members ?? [])].map((member) =>
      propertyNameText(ts, member.name),
    );
    if (relations.includes('users')) return;
    for (const table of tablesLiteral.members) {
      const tableName = propertyNameText(ts, table.name);
      const literal = literalOf(ts, table);
      if (tableName === undefined || literal === undefined) continue;
      const row = memberNamed(ts, literal, 'Row');
      const rowLiteral = row === undefined ? undefined : literalOf(ts, row);
      const relationships = memberNamed(ts, literal, 'Relationships');
      if (
        rowLiteral === undefined ||
        relationships === undefined ||
        !ts.isPropertySignature(relationships) ||
        relationships.type === undefined ||
        !ts.isTupleTypeNode(relationships.type)
      )
        continue;
      const reported = new Set<string>();
      for (const element of relationships.type.elements) {
        if (!ts.isTypeLiteralNode(element)) continue;
        const referenced = memberNamed(ts, element, 'referencedRelation');
        if (
          referenced === undefined ||
          !ts.isPropertySignature(referenced) ||
          stringTypeOf(ts, referenced.type) !== 'users'
        )
          continue;
        const keys = memberNamed(ts, element, 'columns');
        if (
          keys === undefined ||
          !ts.isPropertySignature(keys) ||
          keys.type === undefined ||
          !ts.isTupleTypeNode(keys.type)
        )
          continue;
        const foreignKey = memberNamed(ts, element, 'foreignKeyName');
        const foreignKeyName =
          foreignKey !== undefined && ts.isPropertySignature(foreignKey)
            ? stringTypeOf(ts, foreignKey.type)
            : undefined;
        for (const key of keys.type.elements) {
          const column = stringTypeOf(ts, key);
          const member = column === undefined ? undefined : memberNamed(ts, rowLiteral, column);
          if (column === undefined || member === undefined || reported.has(column)) continue;
          reported.add(column);
          const name = member.name ?? member;
          const via = foreignKeyName === undefined ? 'its foreign key' : `its foreign key \`${foreignKeyName}\``;
          columns.push({
            start: name.getStart(sourceFile),
            end: name.getEnd(),
            table: tableName,
            column,
            provider: supabase.name,
            evidence: `${via} references \`users\`, which is no table of this schema: \`auth.users\``,
          });
        }
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isTypeLiteralNode(node) && memberNamed(ts, node, 'Tables') !== undefined) {
      visitSchema(node);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return columns;
}

/** `X.id` in `() => X.id`, the argument Drizzle's `.references()` takes: X's name, or undefined. */
function referencedTable(ts: TypeScript, argument: ts.Expression | undefined): string | undefined {
  if (argument === undefined || !ts.isArrowFunction(argument) || !ts.isPropertyAccessExpression(argument.body))
    return undefined;
  const table = argument.body.expression;
  return ts.isIdentifier(table) ? table.text : undefined;
}

/** Whether `node` is `pgSchema("auth")`. */
function isAuthSchema(ts: TypeScript, node: ts.Expression | undefined): boolean {
  if (
    node === undefined ||
    !ts.isCallExpression(node) ||
    !ts.isIdentifier(node.expression) ||
    node.expression.text !== 'pgSchema'
  )
    return false;
  return stringTypeOfExpression(ts, node.arguments[0]) === 'auth';
}

function stringTypeOfExpression(ts: TypeScript, node: ts.Expression | undefined): string | undefined {
  return node !== undefined && ts.isStringLiteralLike(node) ? node.text : undefined;
}

/**
 * Drizzle columns that reference Supabase's `auth.users` (`.references(() => authUsers.id)`):
 * `authUsers` imported from `drizzle-orm/supabase` (Drizzle's own definition of `auth.users`), or a
 * table `users` declared in the file on `pgSchema("auth")`. One per column, at its key in the
 * table's object; the table is named by `pgTable`'s first argument when it is a string.
 */
export function drizzleAuthUsersColumns(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  providers: readonly ProviderProfile[],
): SchemaColumn[] {
  const supabase = supabaseOf(providers);
  const { text } = sourceFile;
  if (
    supabase === undefined ||
    !text.includes('.references(') ||
    (!text.includes('drizzle-orm/supabase') && !text.includes('pgSchema('))
  )
    return [];
  const authUsers = new Set<string>();
  const authSchemas = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.moduleSpecifier.text === 'drizzle-orm/supabase'
    ) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements)
          if ((element.propertyName ?? element.name).text === 'authUsers') authUsers.add(element.name.text);
      }
    }
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const initializer = declaration.initializer;
      if (isAuthSchema(ts, initializer)) authSchemas.add(declaration.name.text);
      // `const users = authSchema.table("users", …)` or `pgSchema("auth").table("users", …)`.
      if (
        initializer !== undefined &&
        ts.isCallExpression(initializer) &&
        ts.isPropertyAccessExpression(initializer.expression) &&
        initializer.expression.name.text === 'table'
      ) {
        const schema = initializer.expression.expression;
        const onAuth = (ts.isIdentifier(schema) && authSchemas.has(schema.text)) || isAuthSchema(ts, schema);
        if (onAuth && stringTypeOfExpression(ts, initializer.arguments[0]) === 'users')
          authUsers.add(declaration.name.text);
      }
    }
  }
  if (authUsers.size === 0) return [];
  const columns: SchemaColumn[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'references'
    ) {
      const target = referencedTable(ts, node.arguments[0]);
      let column: ts.Node = node;
      while (
        ts.isPropertyAccessExpression(column.parent) ||
        (ts.isCallExpression(column.parent) && column.parent.expression === column)
      )
        column = column.parent;
      const property = column.parent;
      if (
        target !== undefined &&
        authUsers.has(target) &&
        ts.isPropertyAssignment(property) &&
        property.initializer === column
      ) {
        const name = propertyNameText(ts, property.name);
        const table = property.parent.parent;
        const tableName = ts.isCallExpression(table) ? stringTypeOfExpression(ts, table.arguments[0]) : undefined;
        if (name !== undefined) {
          columns.push({
            start: property.name.getStart(sourceFile),
            end: property.name.getEnd(),
            table: tableName ?? '(table)',
            column: name,
            provider: supabase.name,
            evidence: `it references \`auth.users\` through \`${target}\``,
          });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return columns;
}
