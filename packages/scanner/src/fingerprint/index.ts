export { fingerprintOf, FINGERPRINT_VERSION, type FingerprintParts } from './fingerprint-of.js';
export { fingerprintsOfFile, snippetOf, type MatchedRange, type FingerprintedRange } from './fingerprints-of-file.js';
export { normalizedTextOf } from './normalized-text.js';
export { MODULE_SCOPE, ScopeIndex, scopeOf } from './scope-of.js';
