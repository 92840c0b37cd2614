/**
 * Paths of identity values: a sequence of steps from a value to what it holds. A step is a property
 * name (`user`), `()` (calling the value), or `=>N` (the N-th parameter of the callback passed as the
 * last argument). Written joined with dots (`getUser.().id`); the empty path is the value itself.
 */
export type IdentityPath = readonly string[];

/** The steps of a path as profiles write them: `getUser().id` → [getUser, (), id]; `''` → []. */
export function parseYield(text: string): string[] {
  if (text === '') return [];
  const steps: string[] = [];
  for (const part of text.split('.')) {
    if (part.endsWith('()')) {
      if (part.length > 2) steps.push(part.slice(0, -2));
      steps.push('()');
    } else steps.push(part);
  }
  return steps;
}

export function pathKey(path: IdentityPath): string {
  return path.join('.');
}

/** How a path reads in a message: `.data.user.id`, `().id`. */
export function pathText(path: IdentityPath): string {
  return path
    .map((step) =>
      step === '()'
        ? '()'
        : step.startsWith('=>')
          ? ` callback parameter ${step.slice(2)}`
          : /^\d+$/.test(step)
            ? `[${step}]`
            : `.${step}`,
    )
    .join('');
}

/** Whether `prefix` is a prefix of `path` (equal paths included). */
export function startsWithPath(path: IdentityPath, prefix: IdentityPath): boolean {
  return prefix.length <= path.length && prefix.every((step, index) => path[index] === step);
}
