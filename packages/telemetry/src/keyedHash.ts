import { createHmac, randomBytes } from 'node:crypto';

export type KeyedHash = (value: string) => string;

/**
 * HMAC-SHA-256 with a deployment key: the same subject always maps to the same pseudonym inside a
 * deployment (so "all decisions for this user" still works), but without the key the pseudonym
 * cannot be reversed or linked across deployments by hashing guesses.
 *
 * Without a key, a random per-process key is used: safe, but pseudonyms change on restart.
 */
export function createKeyedHash(key: string | Uint8Array | undefined): KeyedHash {
  const secret = key === undefined ? randomBytes(32) : typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (secret.length < 16) throw new Error('@authboundary/telemetry: hashKey must be at least 16 bytes; pass a deployment secret, e.g. from your secret store.');
  return (value: string) => createHmac('sha256', secret).update(value, 'utf8').digest('hex').slice(0, 32);
}
