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
  ({ readonly kind: 'regex'; readonly pattern: string; readonly shape: string } | { readonly kind: 'prefix'; readonly prefix: string; readonly shape: string });

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
  /** Packages of the provider's SDKs; a module matches a package and its subpaths (`firebase-admin/auth`). */
  readonly sdkModules: readonly SdkModule[];
}

/** An npm package of a provider SDK. */
export interface SdkModule extends Sourced {
  readonly module: string;
}
