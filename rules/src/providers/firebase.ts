import type { ProviderProfile } from './provider-profile.js';

const decodedIdToken = 'firebase/firebase-admin-node src/auth/token-verifier.ts (DecodedIdToken)';

export const firebase: ProviderProfile = {
  id: 'firebase',
  name: 'Firebase Auth',
  nameWords: [['firebase']],
  identifierClaims: [
    { claim: 'sub', source: decodedIdToken, status: 'confirmed' },
    { claim: 'uid', source: decodedIdToken, status: 'confirmed' },
    { claim: 'user_id', source: 'public sample shunwitter/firebase_idtoken README.md (decoded payload)', status: 'partial' },
  ],
  // Firebase uids are opaque 28-character strings without a prefix.
  identifierValues: [],
  sdkModules: [
    { module: 'firebase-admin', source: 'https://www.npmjs.com/package/firebase-admin', status: 'confirmed' },
    { module: 'firebase', source: 'https://www.npmjs.com/package/firebase', status: 'confirmed' },
    { module: 'google-auth-library', source: 'https://www.npmjs.com/package/google-auth-library', status: 'confirmed' },
  ],
};
