import { dirname, isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where in the application an auth decision is made: OpenTelemetry's `code.*` span attributes. */
export interface CodeLocation {
  /** Path relative to the working directory when the file lies under it, else as the runtime names it. */
  readonly filePath: string;
  readonly line: number;
  readonly column: number;
  readonly functionName?: string;
}

/** Longest `code.file.path` / `code.function.name` recorded (paths of one application are few and short). */
const MAX_LENGTH = 512;
/** Frames looked at: the wrappers call each other a few levels deep before the application's frame. */
const FRAMES = 12;

const packageDirectory = (() => {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
})();

function pathOf(fileName: string): string {
  const path = fileName.startsWith('file://') ? fileURLToPath(fileName) : fileName;
  if (!isAbsolute(path)) return path.slice(0, MAX_LENGTH);
  const fromCwd = relative(process.cwd(), path);
  const shown = fromCwd.startsWith('..') || isAbsolute(fromCwd) ? path : fromCwd.split(sep).join('/');
  return shown.slice(0, MAX_LENGTH);
}

/** `    at fn (file:line:column)`, `    at async fn (…)`, `    at file:line:column`. */
const FRAME = /^\s*at (?:async )?(?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

/** `Object.<anonymous>` and `new Foo` name no function of the application; `Foo.bar [as baz]` is `bar`. */
function functionNameOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const name = raw.replace(/^new /, '').replace(/ \[as [^\]]+\]$/, '');
  const last = name.slice(name.lastIndexOf('.') + 1);
  return last === '' || last.startsWith('<') ? undefined : last.slice(0, MAX_LENGTH);
}

/**
 * The first stack frame outside this package, Node's own modules and `node_modules`: the
 * application code that asked for the decision (or created the verifier or check). Read from the
 * formatted stack, so positions are the application's source positions wherever the runtime maps
 * them (`node --enable-source-maps`, tsx, test runners). Undefined when there is no such frame
 * (a framework's internals only). Never throws; restores the stack-trace limit it changes.
 */
export function captureCodeLocation(): CodeLocation | undefined {
  const originalLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = FRAMES;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, captureCodeLocation);
    const stack = holder.stack;
    if (typeof stack !== 'string') return undefined;
    for (const text of stack.split('\n')) {
      const frame = FRAME.exec(text);
      if (frame === null) continue;
      const [, rawName, fileName, line, column] = frame as unknown as [
        string,
        string | undefined,
        string,
        string,
        string,
      ];
      if (fileName.startsWith('node:') || fileName === 'native' || fileName.startsWith('<')) continue;
      const path = fileName.startsWith('file://') ? fileURLToPath(fileName) : fileName;
      if (packageDirectory !== undefined && path.startsWith(packageDirectory + sep)) continue;
      if (path.split(sep).includes('node_modules')) continue;
      const functionName = functionNameOf(rawName);
      return {
        filePath: pathOf(fileName),
        line: Number(line),
        column: Number(column),
        ...(functionName !== undefined ? { functionName } : {}),
      };
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = originalLimit;
  }
}
