/** How sure a fact is, as recorded in the IdP catalogue (`unconfirmed` facts are never shipped). */
export type FactStatus = 'confirmed' | 'partial';

/** Where a fact comes from: documentation URL or SDK source file (with lines where known). */
export interface Sourced {
  readonly source: string;
  readonly status: FactStatus;
}

/** A claim of the provider's tokens that identifies a user (`sub`, `cognito:username`, `oid`). */
export interface IdentifierClaim extends Sourced {
  readonly claim: string;
}

/**
 * The shape of an identifier value the provider issues. `regex` must match the whole string
 * literal; `prefix` matches string literals and template literals that start with it.
 */
export type IdentifierValue = Sourced &
  (
    | { readonly kind: 'regex'; readonly pattern: string; readonly shape: string }
    | { readonly kind: 'prefix'; readonly prefix: string; readonly shape: string }
  );

/** An npm package of the provider's SDK; its subpaths (`@clerk/nextjs/server`) belong to it too. */
export interface SdkModule extends Sourced {
  readonly module: string;
}

/**
 * A call to the provider's SDK or API, as it is written in source:
 * - `new Name` — a construction, also through a namespace (`new GetUserCommand(…)`, `new cip.GetUserCommand(…)`);
 * - `.a.b` — a method call whose callee ends with these property names (`supabase.auth.getUser(…)`);
 * - `Name.b` — a call whose callee is exactly this chain (`CognitoJwtVerifier.create(…)`);
 * - `name` — a function imported from `module`, or from one of the provider's SDK modules (`currentUser()`).
 * A call counts only in a file that shows the provider: it imports one of its SDK modules, imports a module
 * whose path names the provider (`@/lib/supabase`), or names the provider in the call itself.
 */
export interface ProviderCall extends Sourced {
  readonly callee: string;
  /** The module a bare function callee is imported from (default: any SDK module of the provider). */
  readonly module?: string;
  /**
   * A condition on the arguments: `{ index, is: 'true' }` — that argument is the literal `true`;
   * `{ mentions }` — a property name or string literal in the arguments equals it (or starts with it when it
   * ends with `:`).
   */
  readonly argument?: { readonly index: number; readonly is: 'true' } | { readonly mentions: string };
  /**
   * Where the call counts: `request` — only inside a request handler or middleware; `function` — only inside a
   * function (not at module scope) and not stored outside it (a key set or verifier that dies with the call).
   */
  readonly scope?: 'request' | 'function';
}

/**
 * A claim, attribute or metadata field in which the provider carries authorization (`cognito:groups`,
 * `app_metadata`). `match`: `exact` (default), `prefix` (`custom:`) or `suffix` (`/roles` of namespaced claims).
 */
export interface AuthzClaim extends Sourced {
  readonly claim: string;
  readonly match?: 'exact' | 'prefix' | 'suffix';
  /** The user can write it (Supabase `user_metadata`, Clerk `unsafeMetadata`): never a basis for access. */
  readonly userEditable: boolean;
  /**
   * Counted only when read from an evident token or claims object, whatever the claim's shape: for freely
   * named claims such as Firebase custom claims (`decodedToken.isAdmin`, not `account.isAdmin`). One-word
   * exact claims (`roles`) need such an object anyway.
   */
  readonly tokenOnly?: boolean;
}

/**
 * A call of the provider's SDK or framework adapter that yields a provider user object or user id
 * (`auth()` of `@clerk/nextjs`, `supabase.auth.getUser()`). `callee` and `module` are written as for
 * `ProviderCall`. `yields` says where the user id is in the call's value, one path per place: property
 * names separated by dots, `()` after a name for calling it (`getUser().id`), `=>N` for the N-th
 * parameter of the callback passed as the last argument (`=>1.user.id`), `''` for the value itself.
 * `await` is looked through.
 */
export interface IdentitySource extends Sourced {
  readonly callee: string;
  readonly module?: string;
  readonly yields: readonly string[];
  /**
   * `database-adapter`: the value is the provider's user id only when the project keeps no users of its
   * own through a database adapter (Auth.js: with an adapter, `session.user.id` is the adapter's user
   * id, the platform's). Only the scanner, which sees every import of the project, reports it.
   */
  readonly unless?: 'database-adapter';
}

/** Everything the rules know about one identity provider. */
export interface ProviderProfile {
  /** Stable id used in `providers` of the configuration. */
  readonly id: string;
  /** Name used in messages. */
  readonly name: string;
  /**
   * How code names the provider inside identifiers, as word sequences (`['azure', 'ad']` for
   * `azureAdObjectId`). Matched against the words of a name (see `wordsOf`).
   */
  readonly nameWords: readonly (readonly string[])[];
  readonly identifierClaims: readonly IdentifierClaim[];
  readonly identifierValues: readonly IdentifierValue[];
  /** npm packages of the provider's SDK (generic JWT libraries such as `jsonwebtoken` are not listed). */
  readonly sdkModules: readonly SdkModule[];
  /** Per-request round trips to the provider used to establish identity, and verifiers whose key cache dies with the request. */
  readonly remoteVerificationCalls: readonly ProviderCall[];
  /** Where the provider carries authorization in tokens and user objects. */
  readonly authzClaims: readonly AuthzClaim[];
  /** SDK calls whose answer is authorization kept in the provider (Kinde `getRoles()`, `getPermission('…')`). */
  readonly authzReadCalls?: readonly ProviderCall[];
  /** Calls that write authorization (roles, groups, role metadata) into the provider. */
  readonly authzWrites: readonly ProviderCall[];
  /** Calls of the SDK and its framework adapters that yield a provider user object or user id. */
  readonly identitySources: readonly IdentitySource[];
}
