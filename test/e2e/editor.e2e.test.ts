import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchApp, type ScratchApp } from './support/scratch-app.js';

// Issue 18.10: the editor path with the server editors use — vscode-eslint's language server as
// shipped in `vscode-langservers-extracted` — over stdio, against the packed plugin installed in the
// scratch application of the install test: open a file, type a violation, change
// authboundary.config.json, delete it; diagnostics each time (pulled, as VS Code pulls them).

const serverVersion = '4.10.0';

/** The settings VS Code's ESLint extension sends, with `useESLintClass` (needed for ESLint 10). */
function eslintSettings(root: string) {
  return {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: true,
    useFlatConfig: true,
    experimental: { useFlatConfig: false },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
    codeActionOnSave: { enable: false, mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: { mode: 'location' },
    workspaceFolder: { name: 'app', uri: pathToFileURL(root).href },
  };
}

/** A minimal LSP client over stdio: Content-Length framing, requests both ways. */
class LanguageClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  stderr = '';

  constructor(
    private readonly server: ChildProcessWithoutNullStreams,
    private readonly settings: object,
  ) {
    server.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    server.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.server.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))![1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as {
        id?: number;
        method?: string;
        params?: { items?: unknown[] };
        result?: unknown;
        error?: { message: string };
      };
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.method !== undefined && message.id !== undefined) {
        // Requests from the server: the settings for each item; everything else acknowledged.
        const result =
          message.method === 'workspace/configuration' ? (message.params?.items ?? []).map(() => this.settings) : null;
        this.send({ id: message.id, result });
      } else if (message.id !== undefined && message.method === undefined) {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiting?.reject(new Error(message.error.message));
        else waiting?.resolve(message.result);
      }
    }
  }

  request<T>(method: string, params: object): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: object): void {
    this.send({ method, params });
  }
}

interface Diagnostic {
  code?: string | { value: string };
  range: { start: { line: number; character: number } };
  message: string;
}

let app: ScratchApp;
let server: ChildProcessWithoutNullStreams;
let client: LanguageClient;

beforeAll(async () => {
  app = createScratchApp();
  const installed = app.run('npm', [
    'install',
    '--save-dev',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `vscode-langservers-extracted@${serverVersion}`,
  ]);
  expect(installed.stderr).toBe('');
  server = spawn(join(app.dir, 'node_modules', '.bin', 'vscode-eslint-language-server'), ['--stdio'], { cwd: app.dir });
  client = new LanguageClient(server, eslintSettings(app.dir));
  const rootUri = pathToFileURL(app.dir).href;
  await client.request('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'app' }],
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { diagnostic: { dynamicRegistration: false } },
    },
  });
  client.notify('initialized', {});
}, 600_000);

afterAll(async () => {
  // Unset when beforeAll failed.
  if ((server as ChildProcessWithoutNullStreams | undefined)?.exitCode === null) {
    await client.request('shutdown', {}).catch(() => undefined);
    client.notify('exit', {});
    server.kill();
  }
  (app as ScratchApp | undefined)?.remove();
});

describe('the editor path: vscode-eslint language server with the packed plugin', () => {
  const codesOf = (diagnostics: Diagnostic[]) =>
    diagnostics
      .map(
        (diagnostic) =>
          `${typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code}@${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`,
      )
      .filter((code) => code.startsWith('authboundary/'))
      .sort();

  it('diagnoses on open, on typing, after the configuration changes and after it is deleted', async () => {
    const path = join(app.dir, 'src', 'booking', 'booking-notes.ts');
    const uri = pathToFileURL(path).href;
    const clean = 'export interface BookingNote {\n  bookingId: string;\n  text: string;\n}\n';
    writeFileSync(path, clean);
    const pull = async () =>
      (await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } })).items;

    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: clean } });
    const opened = await pull();
    expect(client.stderr).not.toContain('Error');
    expect(codesOf(opened)).toEqual([]);

    // Typing a provider user id into a domain entity (unsaved, as in an editor).
    const typed = 'export interface BookingNote {\n  bookingId: string;\n  cognitoSub: string;\n  text: string;\n}\n';
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] });
    expect(codesOf(await pull())).toEqual(['authboundary/no-provider-id-outside-auth@3:3']);

    // The configuration now puts src/booking in the auth layer: the finding goes away.
    const configPath = join(app.dir, 'authboundary.config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as { layers: { auth: string[] } };
    writeFileSync(
      configPath,
      JSON.stringify(
        { ...config, layers: { ...config.layers, auth: [...config.layers.auth, 'src/booking/**'] } },
        null,
        2,
      ),
    );
    const later = new Date(Date.now() + 5_000);
    utimesSync(configPath, later, later);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 2 }] });
    expect(codesOf(await pull())).toEqual([]);

    // Deleted: the plugin falls back to its defaults (src/booking is outside auth/) and says so once.
    rmSync(configPath);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 3 }] });
    expect(codesOf(await pull())).toEqual(['authboundary/no-provider-id-outside-auth@3:3']);
    expect(client.stderr).toContain('no authboundary.config.json found above');
  });
});
