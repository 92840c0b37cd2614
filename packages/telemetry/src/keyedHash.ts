import { createHmac, randomBytes } from 'node:crypto';

export type KeyedHash = (value: string) => string;

/** Pseudonyms kept in memory; subjects repeat request after request, an HMAC costs microseconds. */
const CACHE_SIZE = 10_000;

/**
 * HMAC-SHA-256 with a deployment key: the same subject always maps to the same pseudonym inside a
 * deployment (so "all decisions for this user" still works), but without the key the pseudonym
 * cannot be reversed or linked across deployments by hashing guesses.
 *
 * Without a key, a random per-process key is used: safe, but pseudonyms change on restart.
 */
export function createKeyedHash(key: string | Uint8Array | undefined): KeyedHash {
  const secret =
    key === undefined ? randomBytes(32) : typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (secret.length < 16)
    throw new Error(
      '@authboundary/telemetry: hashKey must be at least 16 bytes; pass a deployment secret, e.g. from your secret store.',
    );
  const cache = new Map<string, string>();
  return (value: string) => {
    const cached = cache.get(value);
    if (cached !== undefined) return cached;
    const hashed = createHmac('sha256', secret).update(value, 'utf8').digest('hex').slice(0, 32);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(value, hashed);
    return hashed;
  };
}
