import type { IncomingMessage } from 'node:http';
import type { AuthTelemetry, RequestContext } from '../AuthTelemetry.js';
import type { TokenVerifier } from '../decisionWrappers.js';
import type * as sc from '../semconv.js';

export interface HttpAuthenticationOptions<T> {
  telemetry: AuthTelemetry;
  /** `createJwtVerifier(…)` or `instrumentVerifier(…)`: records the verification itself. */
  verifier: TokenVerifier<T>;
}

export type HttpAuthentication<T> =
  | { ok: true; value: T; decisionId: string }
  | { ok: false; decisionId: string; status: 401 | 503; reason?: sc.AuthnFailureReason; errorType?: sc.ErrorType };

/** Response header carrying the decision id, so a user can quote it to support. */
export const DECISION_ID_HEADER = 'x-auth-decision-id';

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/**
 * Extracts the bearer token from an `Authorization` header value and verifies it. No header is
 * recorded as `authn.result = none`, another scheme as a malformed credential; neither reaches
 * the verifier. The header value itself is never recorded.
 */
export async function authenticateBearer<T>(
  options: HttpAuthenticationOptions<T>,
  authorization: string | string[] | undefined,
  request: RequestContext,
): Promise<HttpAuthentication<T>> {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  if (header === undefined || header.trim() === '') {
    const { decisionId } = options.telemetry.recordAuthentication({
      ...request,
      result: 'none',
      failureReason: 'token_missing',
    });
    return { ok: false, decisionId, status: 401, reason: 'token_missing' };
  }
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) {
    const { decisionId } = options.telemetry.recordAuthentication({
      ...request,
      result: 'failure',
      failureReason: 'token_malformed',
    });
    return { ok: false, decisionId, status: 401, reason: 'token_malformed' };
  }
  const outcome = await options.verifier.authenticate(token, request);
  if (outcome.ok) return { ok: true, value: outcome.value, decisionId: outcome.decisionId };
  const failed: HttpAuthentication<T> = {
    ok: false,
    decisionId: outcome.decisionId,
    status: outcome.errorType === undefined ? 401 : 503,
  };
  if (outcome.reason !== undefined) failed.reason = outcome.reason;
  if (outcome.errorType !== undefined) failed.errorType = outcome.errorType;
  return failed;
}

/** The RFC 6750 challenge and a JSON body naming the decision id (never the reason's details). */
export function challengeOf(result: Extract<HttpAuthentication<unknown>, { ok: false }>): {
  headers: Record<string, string>;
  body: string;
} {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [DECISION_ID_HEADER]: result.decisionId,
  };
  if (result.status === 401)
    headers['www-authenticate'] = result.reason === 'token_missing' ? 'Bearer' : 'Bearer error="invalid_token"';
  else headers['retry-after'] = '1';
  const error = result.status === 401 ? 'unauthorized' : 'temporarily_unavailable';
  return { headers, body: JSON.stringify({ error, decisionId: result.decisionId }) };
}

/** The request context the adapters record: route template, method, client address and user agent. */
/**
 * The client's address. Node documents `message.socket` as possibly "internally nulled" (after the
 * request ended), which its type does not say.
 */
export function remoteAddressOf(req: IncomingMessage): string | undefined {
  const socket = req.socket as IncomingMessage['socket'] | null;
  return socket?.remoteAddress;
}

export function requestContextOf(
  method: string | undefined,
  route: string | undefined,
  clientAddress: string | undefined,
  userAgent: string | string[] | undefined,
): RequestContext {
  const request: RequestContext = {};
  if (method !== undefined) request.method = method;
  if (route !== undefined) request.route = route;
  if (clientAddress !== undefined) request.clientAddress = clientAddress;
  const agent = Array.isArray(userAgent) ? userAgent[0] : userAgent;
  if (agent !== undefined && agent !== '') request.userAgent = agent;
  return request;
}

const authentications = new WeakMap<object, { value: unknown; decisionId: string }>();

/** The verified result the middleware attached to a request (Node, Express or Fastify). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- public API: the caller names the type its verifier returns
export function authenticationOf<T = unknown>(request: object): { value: T; decisionId: string } | undefined {
  return authentications.get(request) as { value: T; decisionId: string } | undefined;
}

export function attachAuthentication(request: object, value: unknown, decisionId: string): void {
  authentications.set(request, { value, decisionId });
}
