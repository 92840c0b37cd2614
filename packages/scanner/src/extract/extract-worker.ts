import { parentPort, workerData } from 'node:worker_threads';
import { projectRuleCatalogue, resolveConfig, ruleCatalogue, type ConfigData } from '@authboundary/rules';
import type { SourceFileRef } from '../files/discover-files.js';
import { enabledRules, FileExtractor, type FileResult } from './extract-file.js';

/** What the pool sends a worker once: the configuration to resolve (a `ResolvedConfig` has functions, so it cannot cross). */
export interface WorkerSetup {
  readonly configData: ConfigData;
  readonly root: string;
  readonly configPath: string | null;
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
