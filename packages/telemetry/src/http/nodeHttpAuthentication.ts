import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  attachAuthentication,
  authenticateBearer,
  challengeOf,
  remoteAddressOf,
  requestContextOf,
  type HttpAuthentication,
  type HttpAuthenticationOptions,
} from './bearerAuthentication.js';

/**
 * For Node's `http` server: `await authenticate(req, res, '/bookings/:id')`. On failure the 401/503
 * has been sent and the result says so; on success the result carries the verified value.
 * Pass the route template yourself: Node's `http` has no router to read it from.
 */
export function createNodeAuthentication<T>(options: HttpAuthenticationOptions<T>) {
  return async function authenticate(
    req: IncomingMessage,
    res: ServerResponse,
    route?: string,
  ): Promise<HttpAuthentication<T>> {
    const request = requestContextOf(req.method, route, remoteAddressOf(req), req.headers['user-agent']);
    const result = await authenticateBearer(options, req.headers.authorization, request);
    if (result.ok) {
      attachAuthentication(req, result.value, result.decisionId);
      return result;
    }
    if (!res.headersSent) {
      const { headers, body } = challengeOf(result);
      res.writeHead(result.status, headers).end(body);
    }
    return result;
  };
}
