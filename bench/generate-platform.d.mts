/** Writes the synthetic platform to `out` (replacing it); deterministic for the same arguments. */
export function generatePlatform(out: string, targetLines?: number): { files: number; lines: number };
