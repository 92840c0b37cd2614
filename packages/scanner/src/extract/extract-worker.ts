import { parentPort, workerData } from 'node:worker_threads';
import { projectRuleCatalogue, resolveConfig, ruleCatalogue, type ConfigData } from '@authboundary/rules';
import type { SourceFileRef } from '../files/discover-files.js';
import { useCompilerCodeCache } from '../compiler-code-cache.cjs';
import type { FileResult } from './file-result.js';

/** What the pool sends a worker once: the configuration to resolve (a `ResolvedConfig` has functions, so it cannot cross). */
export interface WorkerSetup {
  readonly configData: ConfigData;
  readonly root: string;
  readonly configPath: string | null;
  /** Where the compiler's V8 code cache is (read here, written by the scan's own thread); null: none. */
  readonly codeCacheDirectory: string | null;
}

export interface WorkerRequest {
  readonly batch: number;
  readonly files: readonly { readonly ref: SourceFileRef; readonly text: string }[];
}

export interface WorkerResponse {
  readonly batch: number;
  readonly results: readonly FileResult[];
}

const setup = workerData as WorkerSetup;
useCompilerCodeCache(setup.codeCacheDirectory);
// Imported after the line above: the extractor's module loads the compiler.
const { enabledRules, FileExtractor } = await import('./extract-file.js');
const config = resolveConfig(setup.configData, setup.root, setup.configPath ?? 'configuration', setup.configPath);
const extractor = new FileExtractor(
  config,
  enabledRules(ruleCatalogue, config),
  enabledRules(projectRuleCatalogue, config),
);

parentPort!.on('message', (request: WorkerRequest) => {
  const response: WorkerResponse = {
    batch: request.batch,
    results: request.files.map(({ ref, text }) => extractor.extractText(ref, text)),
  };
  parentPort!.postMessage(response);
});
