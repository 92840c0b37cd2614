/** A problem with how the CLI or API was called (missing path, bad option): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
