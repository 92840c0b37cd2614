/**
 * Next.js (and Remix / React Router) name directories with characters that are glob syntax:
 * route groups `(auth)`, dynamic segments `[id]`, catch-all `[...slug]` and optional catch-all
 * `[[...slug]]`. Written as they appear on disk in a glob, picomatch reads `(auth)` as a group
 * (matching the directory `auth`) and `[id]` as a class (one character, `i` or `d`), so
 * `src/app/(auth)/**` would match nothing. A whole path segment of those shapes is therefore taken
 * literally. Nothing is lost: a group without `|` means the same as its content written plainly,
 * and a one-character class as a whole directory name has no use in a layer glob (write `?`).
 */
const ROUTE_GROUP = /^\([^()|*?[\]{}!\\]+\)$/;
const CATCH_ALL = /^\[\[?\.\.\.[^[\]/*?\\]+\]\]?$/;
/** `[id]`, `[postId]`, `[post-id]`: a name of two or more characters (a range such as `[a-z]` stays a class). */
const DYNAMIC = /^\[[A-Za-z_$][\w$-]*\]$/;
const RANGE = /^\[.-.\]$/;

/** Each literal character as a one-character class (the escape that means the same on every platform). */
function literal(segment: string): string {
  return segment.replace(/[()[\]]/g, (character) => `[${character}]`);
}

/** Whether a glob segment is written as a route group or dynamic segment (and is taken literally). */
export function isRouteSegment(segment: string): boolean {
  return ROUTE_GROUP.test(segment) || CATCH_ALL.test(segment) || (DYNAMIC.test(segment) && !RANGE.test(segment));
}

/** `glob` with its route-group and dynamic-segment path segments escaped to match themselves. */
export function withLiteralRouteSegments(glob: string): string {
  if (!/[([]/.test(glob)) return glob;
  return glob
    .split('/')
    .map((segment) => (isRouteSegment(segment) ? literal(segment) : segment))
    .join('/');
}
