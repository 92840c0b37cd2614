import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTPayload } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

export async function createSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function signToken(
  key: SigningKey,
  claims: JWTPayload,
  options: { expiresIn?: string | number; notBefore?: string | number; kid?: string } = {},
): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? key.kid }).setIssuedAt();
  if (options.expiresIn !== undefined) jwt.setExpirationTime(options.expiresIn);
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(key.privateKey);
}

export interface JwksServer {
  url: string;
  /** Number of JWKS requests served. */
  requests: () => number;
  setKeys(keys: JSONWebKeySet): void;
  setBehaviour(behaviour: { status?: number; delayMs?: number }): void;
  close(): Promise<void>;
}

/** A JWKS endpoint on a free loopback port. */
export async function startJwksServer(keys: JSONWebKeySet): Promise<JwksServer> {
  let current = keys;
  let served = 0;
  let behaviour: { status?: number; delayMs?: number } = {};
  const server: Server = createServer((req, res) => {
    served += 1;
    const reply = () => {
      res.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(current));
    };
    if (behaviour.delayMs !== undefined) setTimeout(reply, behaviour.delayMs).unref();
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: () => served,
    setKeys: (next) => {
      current = next;
    },
    setBehaviour: (next) => {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
