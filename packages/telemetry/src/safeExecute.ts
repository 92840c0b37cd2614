/**
 * Runs a user hook or an internal step so that its failure can never reach the caller's auth path,
 * as OTel contrib's `safeExecuteInTheMiddle` does. The failure is reported through `onError`
 * (which counts it) and `fallback` is returned instead.
 */
export function safeExecute<T>(run: () => T, fallback: T, onError: (error: unknown) => void): T {
  try {
    return run();
  } catch (error) {
    try {
      onError(error);
    } catch {
      // The error reporter itself failed (e.g. a broken metrics SDK); nothing left to tell.
    }
    return fallback;
  }
}
