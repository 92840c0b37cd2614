export { fingerprintOf, FINGERPRINT_VERSION, snippetOf, type FingerprintParts } from './fingerprint-of.js';
export { fingerprintsOfFile, type MatchedRange, type FingerprintedRange } from './fingerprints-of-file.js';
export { normalizedTextOf } from './normalized-text.js';
export { MODULE_SCOPE, ScopeIndex, scopeOf } from './scope-of.js';
