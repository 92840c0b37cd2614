import type * as ts from 'typescript';
import type { z } from 'zod';
import type { FileContext } from './layers.js';

/**
 * The small types the rule model (`detector.ts`) and the modules it uses — the configuration model
 * (`config/`), the shared walk, the module graph — have in common. They live here, importing
 * nothing of either side, so neither model imports the other's internals (no import cycle).
 */

/** The `typescript` namespace of the host (typescript-eslint's copy, or the scanner's). */
export type TypeScript = Omit<typeof ts, 'default'>;

/** A 1-based range in a file, as reported (lines and UTF-16 columns; end is the character after the last). */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type Preset = 'recommended' | 'strict';

/** What the configuration reads of a rule, per-file or project-wide: its id, preset, description and options. */
export interface ConfigurableRule {
  readonly id: string;
  readonly meta: {
    readonly description: string;
    /** The least strict preset that enables the rule (`recommended` rules are also in `strict`). */
    readonly preset: Preset;
    readonly options: z.ZodType;
  };
}

/** The facts one file contributed to a project rule, with the file's layer. */
export interface FileFacts<Facts> {
  readonly file: FileContext;
  readonly facts: Facts;
}

/**
 * A host's module resolution: the scanned file (path relative to the configuration root) that
 * `specifier` names when imported from `fromPath`, or null when the host does not know one.
 */
export type ModuleResolver = (fromPath: string, specifier: string) => string | null;
