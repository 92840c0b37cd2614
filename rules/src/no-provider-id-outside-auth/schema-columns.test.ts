import { describe, expect, it } from 'vitest';
import { detect, detectSchema, span, testConfig } from '../testing/index.js';
import { noProviderIdOutsideAuth as rule } from './index.js';

const at = (finding: {
  messageId: string;
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}) => `${finding.messageId}:${finding.text}@${span(finding)}`;

describe('no-provider-id-outside-auth: schema columns', () => {
  describe('.prisma files (scanner only)', () => {
    const users = (providers: string[], model: string) =>
      detectSchema(rule, model, { config: testConfig({ providers }) });

    it.each([
      [
        'a column named for the WorkOS user id',
        ['workos'],
        'model User {\n  id           Int    @id\n  workOsUserId String @unique\n}\n',
        ['providerIdColumn:workOsUserId@3:3-3:15'],
      ],
      [
        'a column named for the Auth0 id',
        ['auth0'],
        'model User {\n  id      String @id @default(uuid())\n  auth0Id String @unique\n}\n',
        ['providerIdColumn:auth0Id@3:3-3:10'],
      ],
      [
        'a column mapped to a provider-named database column',
        ['clerk'],
        'model Account {\n  id    Int    @id\n  owner String @map("clerk_user_id")\n}\n',
        ['providerIdColumn:owner@3:3-3:8'],
      ],
      [
        'a Supabase column whose comment says it references auth.users',
        ['supabase'],
        'model User {\n  id     String @id @default(uuid()) @db.Uuid\n  authId String @unique @db.Uuid // has relation with auth.users id\n}\n',
        ['providerIdColumn:authId@3:3-3:9'],
      ],
      [
        'the scalar field of a relation to the auth.users model (multiSchema)',
        ['supabase'],
        'model users {\n  id String @id @db.Uuid\n  @@schema("auth")\n}\n\nmodel Profile {\n  id     Int    @id\n  userId String @db.Uuid\n  user   users  @relation(fields: [userId], references: [id])\n  @@schema("public")\n}\n',
        ['providerIdColumn:userId@8:3-8:9'],
      ],
    ])('reports %s, once, at its name', (_name, providers, model, expected) => {
      expect(users(providers, model).map(at)).toEqual(expected);
    });

    it.each([
      [
        'a platform-owned user id',
        ['workos'],
        'model Task {\n  id     Int @id\n  userId Int\n  user   User @relation(fields: [userId], references: [id])\n}\nmodel User {\n  id Int @id\n}\n',
      ],
      [
        'an organization id named for the provider',
        ['workos'],
        'model Team {\n  id          Int    @id\n  workOsOrgId String @unique\n}\n',
      ],
      [
        'a membership id',
        ['workos'],
        'model Member {\n  id                 Int    @id\n  workOsMembershipId String\n}\n',
      ],
      [
        'a Stripe customer id',
        ['clerk'],
        'model Billing {\n  id               Int    @id\n  stripeCustomerId String\n}\n',
      ],
      [
        'a comment naming auth.users without Supabase configured',
        ['auth0'],
        'model User {\n  authId String // auth.users id\n}\n',
      ],
      [
        'a relation to a users model that is not in schema auth',
        ['supabase'],
        'model users {\n  id String @id\n}\nmodel Profile {\n  userId String\n  user   users @relation(fields: [userId], references: [id])\n}\n',
      ],
      [
        'a provider-named relation field (typed by a model)',
        ['clerk'],
        'model Session {\n  id      Int  @id\n  clerkId User\n}\nmodel User {\n  id Int @id\n}\n',
      ],
      [
        'a provider-named key of an enum or datasource',
        ['clerk'],
        'datasource db {\n  clerkId = "x"\n}\nenum Role {\n  clerkId\n}\n',
      ],
      [
        'a string holding // before the column',
        ['auth0'],
        'model User {\n  url String @default("https://x") // auth0Id\n}\n',
      ],
    ])('does not report %s', (_name, providers, model) => {
      expect(users(providers, model)).toEqual([]);
    });

    it('names the table, the provider, the evidence and the platform user id; fingerprints by model and column', () => {
      const [finding] = detectSchema(rule, 'model User {\n  auth0Id String\n  @@map("users")\n}\n', {
        config: testConfig({ providers: ['auth0'], platformUserId: 'accountId' }),
      });
      expect(finding?.message).toBe(
        "The column `users.auth0Id` holds the Auth0 user id (its name says so), outside the auth layer. Key your tables by `accountId` and keep the provider id only in the auth layer's identity mapping.",
      );
      expect([finding?.scope, finding?.key, span(finding)]).toEqual(['model users', 'auth0Id', '2:3-2:10']);
    });

    it('reads a model whose opening line carries a comment, and skips a composite type', () => {
      const schema =
        'type Address {\n  auth0Id String\n}\n/// Users\nmodel User { // one per person\n  auth0Id String\n}\n';
      expect(users(['auth0'], schema).map(at)).toEqual(['providerIdColumn:auth0Id@6:3-6:10']);
    });

    it('reads CRLF line endings', () => {
      expect(users(['auth0'], 'model User {\r\n  id Int @id\r\n  auth0Id String\r\n}\r\n').map(at)).toEqual([
        'providerIdColumn:auth0Id@3:3-3:10',
      ]);
    });

    it('is silent in the auth layer and with checkSchemaColumns off', () => {
      const model = 'model User {\n  auth0Id String\n}\n';
      expect(
        detectSchema(rule, model, { path: 'src/auth/schema.prisma', config: testConfig({ providers: ['auth0'] }) }),
      ).toEqual([]);
      expect(
        detectSchema(rule, model, {
          config: testConfig({ providers: ['auth0'] }),
          options: { checkSchemaColumns: false },
        }),
      ).toEqual([]);
    });
  });

  describe('generated Supabase types', () => {
    const database = (tables: string) =>
      `export type Database = {\n  public: {\n    Tables: {\n${tables}\n    };\n    Views: { [_ in never]: never };\n  };\n};\n`;
    const userLibrary = [
      '      user_library: {',
      '        Row: { book_id: number; user_id: string };',
      '        Insert: { book_id: number; user_id: string };',
      '        Relationships: [',
      '          { foreignKeyName: "user_library_book_id_fkey"; columns: ["book_id"]; isOneToOne: false; referencedRelation: "books"; referencedColumns: ["id"] },',
      '          { foreignKeyName: "user_library_user_id_fkey"; columns: ["user_id"]; isOneToOne: false; referencedRelation: "users"; referencedColumns: ["id"] },',
      '        ];',
      '      };',
    ].join('\n');
    const supabase = testConfig({ providers: ['supabase'] });

    it('reports a column whose foreign key references users when the schema has no users table: auth.users, once, at its Row member', () => {
      const findings = detect(rule, database(userLibrary), { config: supabase, path: 'src/booking/types.ts' });
      expect(findings.map(at)).toEqual(['providerIdColumn:user_id@5:33-5:40']);
      expect(findings[0]?.message).toContain(
        '`user_library.user_id` holds the Supabase Auth user id (its foreign key `user_library_user_id_fkey` references `users`',
      );
    });

    it('does not report it when the schema has its own users table (the platform user), or without Supabase', () => {
      const ownUsers = `${userLibrary}\n      users: { Row: { id: string }; Relationships: [] };`;
      expect(detect(rule, database(ownUsers), { config: supabase })).toEqual([]);
      expect(detect(rule, database(userLibrary), { config: testConfig({ providers: ['clerk'] }) })).toEqual([]);
    });

    it('does not report a foreign key to another table (a book id)', () => {
      const books = userLibrary.replace('referencedRelation: "users"', 'referencedRelation: "readers"');
      expect(detect(rule, database(books), { config: supabase })).toEqual([]);
    });
  });

  describe('Drizzle tables', () => {
    const supabase = testConfig({ providers: ['supabase'] });

    it.each([
      [
        'authUsers imported from drizzle-orm/supabase',
        'import { authUsers } from "drizzle-orm/supabase";\nexport const profiles = pgTable("profiles", {\n  id: serial("id").primaryKey(),\n  ownerId: uuid("owner_id").references(() => authUsers.id).notNull(),\n});\n',
        ['providerIdColumn:ownerId@4:3-4:10'],
      ],
      [
        'a users table declared on pgSchema("auth")',
        'const auth = pgSchema("auth");\nconst users = auth.table("users", { id: uuid("id").primaryKey() });\nexport const notes = pgTable("notes", {\n  userId: uuid("user_id")\n    .notNull()\n    .references(() => users.id, { onDelete: "cascade" }),\n});\n',
        ['providerIdColumn:userId@4:3-4:9'],
      ],
    ])('reports a column that references auth.users through %s, at its key', (_name, code, expected) => {
      const findings = detect(rule, code, { config: supabase });
      expect(findings.map(at)).toEqual(expected);
      expect(findings[0]?.message).toMatch(
        /^The column `(profiles|notes)\.\w+` holds the Supabase Auth user id \(it references `auth\.users` through `\w+`\)/,
      );
    });

    it.each([
      [
        'a reference to the platform users table',
        'const users = pgTable("users", { id: uuid("id") });\nexport const notes = pgTable("notes", {\n  userId: uuid("user_id").references(() => users.id),\n});\n',
      ],
      [
        'a table "users" of another schema',
        'const app = pgSchema("app");\nconst users = app.table("users", { id: uuid("id") });\nexport const notes = pgTable("notes", {\n  userId: uuid("user_id").references(() => users.id),\n});\n',
      ],
    ])('does not report %s', (_name, code) => {
      expect(detect(rule, code, { config: supabase })).toEqual([]);
    });

    it('reports a provider-named column once, at its key, not again at its database name', () => {
      const code =
        'export const users = pgTable("users", {\n  id: uuid("id").primaryKey(),\n  clerkId: varchar("clerk_id", { length: 255 }).notNull(),\n  owner: text("clerk_user_id"),\n});\n';
      expect(detect(rule, code, { config: testConfig({ providers: ['clerk'] }) }).map(at)).toEqual([
        'identifierName:clerkId@3:3-3:10',
        'identifierName:"clerk_user_id"@4:15-4:30',
      ]);
    });
  });
});
