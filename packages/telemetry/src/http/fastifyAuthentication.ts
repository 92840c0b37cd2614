import {
  attachAuthentication,
  authenticateBearer,
  challengeOf,
  requestContextOf,
  type HttpAuthenticationOptions,
} from './bearerAuthentication.js';

/** The parts of Fastify's request and reply this hook uses (structural: no dependency on fastify). */
interface FastifyLikeRequest {
  headers: { authorization?: string | string[] | undefined; 'user-agent'?: string | string[] | undefined };
  method: string;
  /** Fastify's client address (honours `trustProxy`). */
  ip?: string;
  routeOptions?: { url?: string | undefined };
}
interface FastifyLikeReply {
  code(status: number): FastifyLikeReply;
  headers(values: Record<string, string>): FastifyLikeReply;
  send(payload?: unknown): unknown;
}

/**
 * Fastify `onRequest` hook: `app.addHook('onRequest', fastifyAuthentication({ … }))`. The route
 * template comes from `request.routeOptions.url`. The verified value is available through
 * `authenticationOf(request)`.
 */
export function fastifyAuthentication<T>(options: HttpAuthenticationOptions<T>) {
  return async function authenticate(request: FastifyLikeRequest, reply: FastifyLikeReply): Promise<void> {
    const route = request.routeOptions?.url;
    const result = await authenticateBearer(
      options,
      request.headers.authorization,
      requestContextOf(request.method, route, request.ip, request.headers['user-agent']),
    );
    if (result.ok) {
      attachAuthentication(request, result.value, result.decisionId);
      return;
    }
    const { headers, body } = challengeOf(result);
    await reply.code(result.status).headers(headers).send(body);
  };
}
