import { statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '@authboundary/rules';
import { contentHashOf, fileStatOf, type ResultCache } from '../cache/result-cache.js';
import type { SourceFileRef } from '../files/discover-files.js';
import type { FileExtractor } from './extract-file.js';
import { readSourceText, type FileResult } from './file-result.js';
import type { WorkerRequest, WorkerResponse, WorkerSetup } from './extract-worker.js';

/** Files sent to a worker at once: large enough to amortise messaging, small enough to balance the load. */
const BATCH_SIZE = 16;
/** Batches sent ahead to each worker (see the pool below). */
const BATCHES_IN_FLIGHT = 2;
/** With `--concurrency N`: below this many files to parse per thread, no further thread is started. */
const FILES_PER_THREAD = 150;
/**
 * By default, source characters to parse per thread: another thread is started for each further
 * 8 million (about 1 s of parsing on a free core of a 2-vCPU VM, where a worker takes 0.45 s of CPU
 * to load the compiler before it parses anything): below that, a worker costs more than it saves.
 */
export const CHARACTERS_PER_THREAD = 8_000_000;

export interface ExtractFilesOptions {
  readonly config: ResolvedConfig;
  /**
   * The in-process extractor, made when the first file has to be parsed: it loads the compiler, which
   * a scan whose files are all cache hits never needs.
   */
  readonly createExtractor: () => FileExtractor | Promise<FileExtractor>;
  readonly cache: ResultCache | null;
  /**
   * Threads that parse: 1 parses in this thread; N starts up to N - 1 workers, one for each further
   * `FILES_PER_THREAD` files to parse; `auto` decides from the load and the work (`autoThreads`).
   */
  readonly concurrency: number | 'auto';
  readonly onFile?: (done: number, total: number) => void;
  /** Where the compiler's V8 code cache is (workers load the compiler with it); null: none. */
  readonly codeCacheDirectory?: string | null;
}

/** A file to extract: its index in the scan's files, its text, content hash and metadata (`fileStatOf`). */
interface Miss {
  readonly index: number;
  readonly text: string;
  readonly hash: string;
  readonly stat: string | undefined;
}

/**
 * Threads the default (`auto`) may use for `characters` of source to parse: one for each core idle
 * now (the cores less the load average of the last minute, rounded) and for each
 * `CHARACTERS_PER_THREAD`, at least 1. On a machine whose cores are busy, a second thread competes
 * with the first for the same core and only adds its start-up and the copying of texts; on a small
 * project, its start-up is more than its share of the parsing.
 */
export function autoThreads(
  characters: number,
  cores: number = availableParallelism(),
  load: number = loadavg()[0]!,
): number {
  return Math.max(1, Math.min(cores, Math.round(cores - load), Math.floor(characters / CHARACTERS_PER_THREAD)));
}

/**
 * The files' sizes on disk together, counted until they reach `atMost` (a large project stops early);
 * a file that cannot be stat'ed counts 0 (reading it says why).
 */
function bytesOf(files: readonly SourceFileRef[], atMost: number): number {
  let bytes = 0;
  for (const { absolutePath } of files) {
    if (bytes >= atMost) break;
    try {
      bytes += statSync(absolutePath).size;
    } catch {
      // Missing or not accessible: reading it reports the file as unscanned with the reason.
    }
  }
  return bytes;
}

/**
 * Results of every file, in the order of `files` whatever the number of workers. Files are read
 * and hashed here; cache hits skip parsing; misses are parsed in this thread or in worker threads,
 * each holding one syntax tree at a time.
 */
export async function extractFiles(
  files: readonly SourceFileRef[],
  options: ExtractFilesOptions,
): Promise<FileResult[]> {
  const results = new Array<FileResult>(files.length);
  let done = 0;
  /** `hash` and `stat` of a file just extracted, to cache its result; null for results that came from the cache or cannot be cached. */
  const finish = (index: number, result: FileResult, hash: string | null, stat?: string) => {
    results[index] = result;
    if (hash !== null) options.cache?.set(files[index]!.path, hash, result, stat);
    done++;
    options.onFile?.(done, files.length);
  };

  let cursor = 0;
  /**
   * The racy margin is counted back from the start of the reading, read once: a file changed after
   * that is within the margin of it and so gets no metadata, as it would with the time of its own read.
   */
  const readingStarted = Date.now();
  /**
   * The next files to parse (cache misses), finishing cache hits and unreadable files on the way.
   * A file whose metadata is unchanged since its entry was made is a hit without being read.
   */
  const nextMisses = (limit: number): Miss[] => {
    const misses: Miss[] = [];
    while (cursor < files.length && misses.length < limit) {
      const index = cursor++;
      const ref = files[index]!;
      if (options.config.classify(ref.path) === null) {
        finish(index, { kind: 'scanned', findings: [] }, null);
        continue;
      }
      const stat = options.cache === null ? undefined : fileStatOf(ref.absolutePath, readingStarted);
      const unchanged = stat === undefined ? undefined : options.cache!.getUnchanged(ref.path, stat);
      if (unchanged !== undefined) {
        finish(index, unchanged, null);
        continue;
      }
      const read = readSourceText(ref);
      if ('unscanned' in read) {
        finish(index, { kind: 'unscanned', unscanned: read.unscanned }, null);
        continue;
      }
      const hash = contentHashOf(read.text);
      const cached = options.cache?.get(ref.path, hash);
      if (cached !== undefined) {
        options.cache!.restat(ref.path, stat);
        finish(index, cached, null);
      } else misses.push({ index, text: read.text, hash, stat });
    }
    return misses;
  };

  const { concurrency } = options;
  /** For `auto`: the cores idle now, read once (the load average moves slowly). */
  const idle = concurrency === 'auto' ? autoThreads(Number.POSITIVE_INFINITY) : 0;
  // One thread: each file is parsed as soon as it is read, no text is kept. With `auto` also when
  // the files' sizes together could not earn a second thread: their bytes bound the characters any
  // cache misses among them hold (a UTF-8 byte per UTF-16 unit at least), so the pool below would
  // start no worker, after reading and keeping every text first.
  if (
    concurrency === 'auto' ? idle <= 1 || autoThreads(bytesOf(files, 2 * CHARACTERS_PER_THREAD)) <= 1 : concurrency <= 1
  ) {
    let extractor: FileExtractor | undefined;
    for (let misses = nextMisses(1); misses.length > 0; misses = nextMisses(1)) {
      extractor ??= await options.createExtractor();
      for (const { index, text, hash, stat } of misses)
        finish(index, extractor.extractText(files[index]!, text), hash, stat);
    }
    return results;
  }
  // Every file is read and hashed first (texts of cache misses only are kept: no syntax trees).
  // The number of threads follows the work: a worker is started for each further FILES_PER_THREAD
  // files to parse, as soon as they are found, so that it loads the compiler while this thread
  // goes on reading; a warm scan with a few changes parses them here and starts none.
  const setup: WorkerSetup = {
    configData: options.config.data,
    root: options.config.root,
    configPath: options.config.configPath,
    codeCacheDirectory: options.codeCacheDirectory ?? null,
  };
  const workers: Worker[] = [];
  const misses: Miss[] = [];
  let characters = 0;
  const wantsAnotherThread = () =>
    concurrency === 'auto'
      ? workers.length + 1 < Math.min(idle, autoThreads(characters))
      : workers.length < concurrency - 1 && misses.length > FILES_PER_THREAD * (workers.length + 1);
  for (let chunk = nextMisses(BATCH_SIZE); chunk.length > 0; chunk = nextMisses(BATCH_SIZE)) {
    misses.push(...chunk);
    for (const miss of chunk) characters += miss.text.length;
    while (wantsAnotherThread())
      workers.push(new Worker(new URL('./extract-worker.js', import.meta.url), { workerData: setup }));
  }
  if (misses.length === 0) return results;
  const extractor = await options.createExtractor();
  if (workers.length === 0) {
    for (const { index, text, hash, stat } of misses)
      finish(index, extractor.extractText(files[index]!, text), hash, stat);
    return results;
  }
  // This thread parses too, so `concurrency` threads parse in all: concurrency - 1 workers.
  let next = 0;
  const takeBatch = () => {
    const batch = misses.slice(next, next + BATCH_SIZE);
    next += batch.length;
    return batch;
  };
  try {
    await new Promise<void>((resolvePool, rejectPool) => {
      const inFlight = new Map<number, Omit<Miss, 'text'>[]>();
      let nextBatch = 0;
      let failed = false;
      let mainDone = false;
      const settleIfDone = () => {
        if (mainDone && inFlight.size === 0 && next >= misses.length) resolvePool();
      };
      const dispatch = (worker: Worker) => {
        const batch = takeBatch();
        if (batch.length === 0) {
          settleIfDone();
          return;
        }
        const id = nextBatch++;
        inFlight.set(
          id,
          batch.map(({ index, hash, stat }) => ({ index, hash, stat })),
        );
        const request: WorkerRequest = {
          batch: id,
          files: batch.map(({ index, text }) => ({ ref: files[index]!, text })),
        };
        worker.postMessage(request);
      };
      const fail = (error: Error) => {
        failed = true;
        rejectPool(error);
      };
      for (const worker of workers) {
        worker.on('message', (response: WorkerResponse) => {
          const batch = inFlight.get(response.batch)!;
          inFlight.delete(response.batch);
          response.results.forEach((result, position) =>
            finish(batch[position]!.index, result, batch[position]!.hash, batch[position]!.stat),
          );
          dispatch(worker);
        });
        worker.on('error', (error) => fail(new Error('a scanner worker thread failed', { cause: error })));
        worker.on('exit', (code) => {
          if (code !== 0) fail(new Error(`a scanner worker thread exited with code ${code}`));
        });
        // Batches in flight per worker: it always has the next one queued, so it never waits for this
        // thread (which hands out work only between its own batches) to send more.
        for (let queued = 0; queued < BATCHES_IN_FLIGHT; queued++) dispatch(worker);
      }
      // Parse a batch here, then yield so that finished workers get their next batch.
      const parseHere = () => {
        if (failed) return;
        const batch = takeBatch();
        for (const { index, text, hash, stat } of batch)
          finish(index, extractor.extractText(files[index]!, text), hash, stat);
        if (batch.length > 0) setImmediate(parseHere);
        else {
          mainDone = true;
          settleIfDone();
        }
      };
      parseHere();
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
