/** The layers of a platform, as named in `layers` of the configuration. */
export type LayerName = 'auth' | 'bff' | 'domain' | 'unassigned';

/** What a rule knows about the file it looks at. */
export interface FileContext {
  /** Path relative to the directory holding the configuration, with forward slashes. */
  readonly path: string;
  readonly layer: LayerName;
  /** The domain module (`layers.domains` key) for domain files, the layer name for `auth` and `bff`, else null. */
  readonly module: string | null;
}
