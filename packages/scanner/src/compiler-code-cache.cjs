// Loading the TypeScript compiler with a V8 code cache (what `v8-compile-cache` does; Node 20 has no
// `module.enableCompileCache`). Compiling the 9 MB `typescript.js` is most of the compiler's load
// (about 160 ms of a 208 ms load on the 2-vCPU VM); with the code V8 compiled for it in an earlier
// run, V8 deserializes instead of compiling.
//
// The code cache is a file in the scanner's cache directory (`useCompilerCodeCache`), so a scan
// with `--no-cache` or a fresh cache directory pays the full load: a cold run stays cold. Its name
// carries what the code depends on (the compiler file's path, size and modification time, Node's
// and V8's versions and the flags of the command line and NODE_OPTIONS); V8 checks its own version, flags and the
// source length again and rejects data that do not match (`script.cachedDataRejected`). The file
// starts with a SHA-1 of the data after it, checked before V8 sees it: V8 checks no checksum of a
// code cache in release builds, and damaged data must not reach the deserializer. A missing,
// damaged or rejected cache is never an error: the compiler is compiled from source and the cache
// written anew by `saveCompilerCodeCache`, atomically (a temporary file renamed over it).
'use strict';

const { createHash, randomBytes } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { basename, dirname, join } = require('node:path');
const vm = require('node:vm');

const DIGEST_BYTES = 20;

/** @type {string | null} */
let directory = null;

/**
 * What became of the code cache when the compiler was loaded: `unused` (no cache directory),
 * `absent`, `corrupt` (its checksum failed), `rejected` (V8 refused it) or `accepted`.
 * @typedef {'unused' | 'absent' | 'corrupt' | 'rejected' | 'accepted'} CodeCacheState
 */

/**
 * The compiler's script as this thread compiled it, its cache file, and whether that file was written.
 * @type {{ readonly script: import('node:vm').Script; readonly cacheFile: string | null; readonly state: CodeCacheState; saved: boolean } | null}
 */
let loaded = null;

/**
 * Sets the directory the compiler's code cache is read from and written to (null: none), before
 * the compiler is loaded; a compiler already loaded is not loaded again.
 * @param {string | null} cacheDirectory
 * @returns {void}
 */
function useCompilerCodeCache(cacheDirectory) {
  directory = cacheDirectory;
}

/**
 * Options of Node's own that load code, name a script, profile or debug: they do not change what
 * V8 compiles (a profiled run uses the cache of an unprofiled one).
 */
const NOT_COMPILER_FLAGS =
  /^--(import|require|loader|experimental-loader|eval|print|input-type|env-file|title|cpu-prof[a-z-]*|heap-prof[a-z-]*|inspect[a-z-]*)(=|$)/;

/**
 * The flags of the command line and of NODE_OPTIONS that can change what V8 compiles (values given
 * as separate arguments, such as a script after `-e`, are not flags and are left out).
 * @returns {string[]}
 */
function compilerFlags() {
  const options = (process.env.NODE_OPTIONS ?? '').split(/\s+/);
  return [...process.execArgv, ...options].filter((flag) => flag.startsWith('--') && !NOT_COMPILER_FLAGS.test(flag));
}

/**
 * The cache file's name for the compiler at `filename`: what the compiled code depends on, hashed
 * (V8 checks its version, its flags and the source's length again when it reads the data).
 * @param {string} filename
 * @returns {string}
 */
function cacheFileName(filename) {
  const stat = statSync(filename);
  const key = [
    filename,
    stat.size,
    stat.mtimeMs,
    process.version,
    process.versions.v8,
    process.arch,
    ...compilerFlags(),
  ].join('\n');
  return `compiler-code-${createHash('sha1').update(key).digest('hex').slice(0, 16)}.bin`;
}

/**
 * The data of a cache file whose checksum holds; `absent` or `corrupt` otherwise.
 * @param {string} cacheFile
 * @returns {Buffer | 'absent' | 'corrupt'}
 */
function readCodeCache(cacheFile) {
  let file;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return 'absent';
  }
  if (file.length <= DIGEST_BYTES) return 'corrupt';
  const data = file.subarray(DIGEST_BYTES);
  const digest = createHash('sha1').update(data).digest();
  return digest.equals(file.subarray(0, DIGEST_BYTES)) ? data : 'corrupt';
}

/**
 * The compiler (`typescript`), loaded once per thread as `require` would load it — same module
 * record in `require.cache`, so a later `require('typescript')` gets this one — but compiled with
 * the code cache when there is a valid one.
 * @returns {typeof import('typescript')}
 */
function loadCompiler() {
  const filename = require.resolve('typescript');
  const known = require.cache[filename];
  if (known !== undefined && known.loaded) return known.exports;
  let cacheFile = null;
  /** @type {Buffer | undefined} */
  let cachedData;
  /** @type {CodeCacheState} */
  let state = 'unused';
  if (directory !== null) {
    try {
      cacheFile = join(directory, cacheFileName(filename));
      const read = readCodeCache(cacheFile);
      if (typeof read === 'string') state = read;
      else cachedData = read;
    } catch {
      // The compiler file cannot be stat'ed: `require` below says why, as it would without a cache.
      cacheFile = null;
    }
  }
  const source = readFileSync(filename, 'utf8');
  const script = new vm.Script(Module.wrap(source), { filename, ...(cachedData === undefined ? {} : { cachedData }) });
  if (cachedData !== undefined) state = script.cachedDataRejected === true ? 'rejected' : 'accepted';
  const compiled = script.runInThisContext({ displayErrors: true });
  const compilerModule = new Module(filename, module);
  compilerModule.filename = filename;
  require.cache[filename] = compilerModule;
  try {
    compiled.call(
      compilerModule.exports,
      compilerModule.exports,
      Module.createRequire(filename),
      compilerModule,
      filename,
      dirname(filename),
    );
  } catch (error) {
    // A compiler that failed to load is not left for a later `require` to take as loaded.
    Reflect.deleteProperty(require.cache, filename);
    throw error;
  }
  compilerModule.loaded = true;
  loaded = { script, cacheFile, state, saved: false };
  return compilerModule.exports;
}

/**
 * What became of the code cache when this thread loaded the compiler; undefined when it has not.
 * @returns {CodeCacheState | undefined}
 */
function compilerCodeCacheState() {
  return loaded?.state;
}

/**
 * Writes the code cache when the compiler was loaded in this thread without a valid one (absent,
 * damaged or rejected). Called after the work, so that the functions the work compiled are in it.
 * Returns why it could not be written, or undefined.
 * @returns {string | undefined}
 */
function saveCompilerCodeCache() {
  if (loaded === null || loaded.cacheFile === null || loaded.state === 'accepted' || loaded.saved) return undefined;
  const { script, cacheFile } = loaded;
  const data = script.createCachedData();
  const digest = createHash('sha1').update(data).digest();
  const temporary = join(
    dirname(cacheFile),
    `.${basename(cacheFile)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(temporary, Buffer.concat([digest, data]));
    renameSync(temporary, cacheFile);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was created where nothing can be (the message below says why).
    }
    return `cannot write the cache ${cacheFile}: ${error instanceof Error ? error.message : String(error)}`;
  }
  loaded.saved = true;
  // Caches for another compiler, Node or flags are of no further use: only this one is kept.
  try {
    for (const name of readdirSync(dirname(cacheFile)))
      if (/^compiler-code-[0-9a-f]{16}\.bin$/.test(name) && name !== basename(cacheFile))
        rmSync(join(dirname(cacheFile), name), { force: true });
  } catch {
    // A stale cache file left behind costs disk only.
  }
  return undefined;
}

module.exports = { useCompilerCodeCache, loadCompiler, compilerCodeCacheState, saveCompilerCodeCache };
