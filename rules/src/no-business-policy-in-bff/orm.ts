import type * as ts from 'typescript';
import type { TypeScript } from '../detector.js';
import { unwrapExpression } from '../syntax/unwrap.js';
import { wordsOf } from '../syntax/words.js';
import type { Source } from './sources.js';

/** Prisma model delegate methods (`db.course.findUnique`), also Drizzle's relational `db.query.courses.findFirst`. */
const MODEL_METHODS: ReadonlySet<string> = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'create',
  'createMany',
  'update',
  'updateMany',
  'upsert',
  'delete',
  'deleteMany',
]);

/** Mongoose model statics (`User.findById`, `Order.countDocuments`), called on a capitalised model. */
const MONGOOSE_METHODS: ReadonlySet<string> = new Set([
  'find',
  'findOne',
  'findById',
  'findByIdAndUpdate',
  'findByIdAndDelete',
  'findOneAndUpdate',
  'findOneAndDelete',
  'countDocuments',
  'exists',
  'aggregate',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
]);

/** Query-builder methods whose string argument names a table or collection (Supabase, Kysely, Firestore, Knex-like). */
const TABLE_BY_NAME: ReadonlySet<string> = new Set([
  'from',
  'selectFrom',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'collection',
  'table',
]);

/** Drizzle's builders, whose argument is the table object (`db.select().from(courses)`, `db.insert(orders)`). */
const TABLE_BY_OBJECT: ReadonlySet<string> = new Set(['from', 'insert', 'update', 'delete']);

/** TypeORM entity managers' methods whose first argument is the entity class (`manager.findOne(User, …)`). */
const ENTITY_METHODS: ReadonlySet<string> = new Set([
  'getRepository',
  'findOne',
  'findOneBy',
  'find',
  'findBy',
  'count',
  'countBy',
  'exists',
  'existsBy',
  'findOneOrFail',
  'findOneByOrFail',
]);

function text(ts: TypeScript, sourceFile: ts.SourceFile, node: ts.Expression): string {
  return unwrapExpression(ts, node).getText(sourceFile).replace(/\s+/g, '');
}

function shortened(value: string): string {
  return value.length > 40 ? `${value.slice(0, 39)}…` : value;
}

/**
 * The model, table or collection a database call reads or writes, with the client text it went
 * through: `db.course.findUnique(…)` → `db.course` (Prisma, and Drizzle's `db.query.courses`),
 * `db.select().from(courses)` → `courses` (Drizzle), `supabase.from("files").select()` →
 * `supabase.from("files")` (Supabase, also Kysely's `selectFrom("x")` and Firestore's
 * `collection("x")`), `User.findById(id)` (Mongoose), `dataSource.getRepository(User)` /
 * `userRepository.findOneBy(…)` (TypeORM). The whole chain is searched, so `.eq().single()` after
 * `.from("files")` still reads `files`. Undefined for any other call.
 */
export function ormSourceOf(ts: TypeScript, sourceFile: ts.SourceFile, call: ts.CallExpression): Source | undefined {
  let node: ts.Expression = call;
  let found: Source | undefined;
  // The innermost match names the model: `supabase.from("a").select("*, b(*)")` reads `a`.
  for (;;) {
    node = unwrapExpression(ts, node);
    if (ts.isCallExpression(node)) {
      const match = matchCall(ts, sourceFile, node);
      if (match !== undefined) found = match;
      node = node.expression;
    } else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      node = node.expression;
    } else break;
  }
  return found;
}

function matchCall(ts: TypeScript, sourceFile: ts.SourceFile, call: ts.CallExpression): Source | undefined {
  const callee = unwrapExpression(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = unwrapExpression(ts, callee.expression);
  const first = call.arguments[0] === undefined ? undefined : unwrapExpression(ts, call.arguments[0]);
  // `Buffer.from("…")`, `Array.from(set)`: a capitalised receiver is a class, not a database client.
  if (ts.isIdentifier(receiver) && /^[A-Z]/.test(receiver.text) && (method === 'from' || TABLE_BY_OBJECT.has(method)))
    return undefined;
  if (first !== undefined && ts.isStringLiteralLike(first) && TABLE_BY_NAME.has(method) && first.text !== '') {
    return {
      name: `${shortened(text(ts, sourceFile, receiver))}.${method}(${JSON.stringify(first.text)})`,
      module: null,
      model: first.text,
    };
  }
  if (
    first !== undefined &&
    ts.isIdentifier(first) &&
    TABLE_BY_OBJECT.has(method) &&
    isDrizzleTableName(first.text) &&
    isDrizzleBuilder(ts, receiver, method)
  ) {
    return { name: first.text, module: null, model: first.text };
  }
  if (
    first !== undefined &&
    ts.isIdentifier(first) &&
    ENTITY_METHODS.has(method) &&
    /^[A-Z][A-Za-z0-9]*$/.test(first.text)
  ) {
    return {
      name: `${shortened(text(ts, sourceFile, receiver))}.${method === 'getRepository' ? `getRepository(${first.text})` : first.text}`,
      module: null,
      model: first.text,
    };
  }
  if (MODEL_METHODS.has(method) && ts.isPropertyAccessExpression(receiver)) {
    const model = receiver.name.text;
    if (model !== 'query' && /^[a-z]/.test(model))
      return { name: shortened(text(ts, sourceFile, receiver)), module: null, model };
  }
  if (MONGOOSE_METHODS.has(method) && ts.isIdentifier(receiver) && /^[A-Z][a-z][A-Za-z0-9]*$/.test(receiver.text)) {
    return { name: receiver.text, module: null, model: receiver.text };
  }
  const repository = ts.isIdentifier(receiver)
    ? receiver.text
    : ts.isPropertyAccessExpression(receiver)
      ? receiver.name.text
      : undefined;
  if (repository !== undefined && ENTITY_METHODS.has(method)) {
    const words = wordsOf(repository);
    if (words.length > 1 && (words.at(-1) === 'repository' || words.at(-1) === 'repo'))
      return { name: repository, module: null, model: words.slice(0, -1).join('_') };
  }
  return undefined;
}

/** `db.select().from(…)` (a select's builder), `db.insert(…)` / `tx.update(…)` (a database or transaction client). */
function isDrizzleBuilder(ts: TypeScript, receiver: ts.Expression, method: string): boolean {
  if (method === 'from') return ts.isCallExpression(receiver);
  const name = ts.isIdentifier(receiver)
    ? receiver.text
    : ts.isPropertyAccessExpression(receiver)
      ? receiver.name.text
      : undefined;
  return (
    name !== undefined &&
    wordsOf(name).some((word) => ['db', 'database', 'tx', 'trx', 'transaction', 'drizzle'].includes(word))
  );
}

/** A Drizzle table is a plain lower-camel identifier (`courses`, `userSubscriptions`), not a subquery call or a string. */
function isDrizzleTableName(name: string): boolean {
  return /^[a-z][A-Za-z0-9]*$/.test(name) && !['undefined', 'null'].includes(name);
}
