import type { PrincipalType } from './semconv.js';

/** Claims as they come out of a verified token; only a few well-known ones are read. */
export type Claims = Readonly<Record<string, unknown>>;

export interface PrincipalClassification {
  type: PrincipalType;
  /** Raw subject; only ever emitted as a keyed hash unless `user.id` raw capture is opted in. */
  subject?: string;
  /** OAuth `client_id` / `azp`. */
  clientId?: string;
  /** Present when the token carries delegation (`act`, RFC 8693) or impersonation. */
  actor?: { type: PrincipalType; id?: string };
  /** `jti`, emitted hashed. */
  tokenId?: string;
}

export interface PrincipalRules {
  /** Client ids whose tokens are AI agents acting on their own or for a user. */
  agentClientIds?: readonly string[];
  /** Client ids whose tokens are machine-to-machine services (added to the built-in signals). */
  serviceClientIds?: readonly string[];
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

function clientIdOf(claims: Claims): string | undefined {
  return str(claims['client_id']) ?? str(claims['azp']) ?? str(claims['appid']) ?? str(claims['cid']);
}

/**
 * Classifies the subject of a token from provider-neutral signals:
 * - agent: the client is a configured agent, or the token says so (`principal_type`/`agent`);
 * - service: client-credentials grants as the common providers express them (Auth0 `gty` and
 *   `…@clients` subjects, Entra `idtyp: app`, Keycloak `service-account-…`, Cognito/Okta tokens whose
 *   subject is the client id), or a configured service client;
 * - user: everything else with a subject; anonymous: no subject at all.
 */
function typeOf(claims: Claims, rules: PrincipalRules): PrincipalType {
  const sub = str(claims['sub']);
  const clientId = clientIdOf(claims);
  const declared = str(claims['principal_type']);
  if (declared === 'agent' || declared === 'service' || declared === 'user') return declared;
  if (claims['agent'] === true || (clientId !== undefined && rules.agentClientIds?.includes(clientId))) return 'agent';
  if (
    claims['gty'] === 'client-credentials' ||
    claims['idtyp'] === 'app' ||
    (sub !== undefined && (sub.endsWith('@clients') || sub.startsWith('service-account-'))) ||
    (sub !== undefined && clientId !== undefined && sub === clientId) ||
    (clientId !== undefined && rules.serviceClientIds?.includes(clientId))
  ) {
    return 'service';
  }
  return sub === undefined && clientId === undefined ? 'anonymous' : 'user';
}

export function classifyPrincipal(claims: Claims | undefined, rules: PrincipalRules = {}): PrincipalClassification {
  if (claims === undefined) return { type: 'anonymous' };
  const result: PrincipalClassification = { type: typeOf(claims, rules) };
  const subject = str(claims['sub']);
  if (subject !== undefined) result.subject = subject;
  const clientId = clientIdOf(claims);
  if (clientId !== undefined) result.clientId = clientId;
  const tokenId = str(claims['jti']);
  if (tokenId !== undefined) result.tokenId = tokenId;
  const act = claims['act'];
  if (act !== null && typeof act === 'object' && !Array.isArray(act)) {
    const actClaims = act as Claims;
    // An actor is a service unless it is a known agent or explicitly says otherwise.
    const actorType = typeOf(actClaims, rules);
    const actor: { type: PrincipalType; id?: string } = {
      type: actorType === 'user' && clientIdOf(actClaims) === undefined ? 'user' : actorType,
    };
    const actorId = str(actClaims['sub']) ?? clientIdOf(actClaims);
    if (actorId !== undefined) actor.id = actorId;
    result.actor = actor;
  }
  return result;
}
