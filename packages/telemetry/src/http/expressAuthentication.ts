import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  attachAuthentication,
  authenticateBearer,
  challengeOf,
  remoteAddressOf,
  requestContextOf,
  type HttpAuthenticationOptions,
} from './bearerAuthentication.js';

/** The parts of Express's request this middleware reads (structural: no dependency on express). */
interface ExpressLikeRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
  /** Express's client address (honours the `trust proxy` setting). */
  ip?: string;
}

/**
 * Express middleware. Mount it on the route (`app.get('/bookings/:id', authenticate, handler)`)
 * so the route template is known; mounted with `app.use` it records no `http.route`.
 * The verified value is available through `authenticationOf(req)`.
 */
export function expressAuthentication<T>(options: HttpAuthenticationOptions<T>) {
  return function authenticate(req: ExpressLikeRequest, res: ServerResponse, next: (error?: unknown) => void): void {
    const path = req.route?.path;
    const route = typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : undefined;
    const request = requestContextOf(req.method, route, req.ip ?? remoteAddressOf(req), req.headers['user-agent']);
    authenticateBearer(options, req.headers.authorization, request).then(
      (result) => {
        if (result.ok) {
          attachAuthentication(req, result.value, result.decisionId);
          next();
          return;
        }
        const { headers, body } = challengeOf(result);
        res.writeHead(result.status, headers).end(body);
      },
      (error: unknown) => next(error),
    );
  };
}
