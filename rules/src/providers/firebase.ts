import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const decodedIdToken = 'firebase/firebase-admin-node src/auth/token-verifier.ts (DecodedIdToken)';
const customClaims = 'https://firebase.google.com/docs/auth/admin/custom-claims (`admin: true`, `accessLevel`, read as decodedToken.admin / idTokenResult.claims.admin)';

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
  // `firebase` and `firebase-admin` also hold Firestore, Storage and Messaging: only their auth entry points count.
  sdkModules: npmModules('firebase/auth', 'firebase-admin/auth'),
  // `getUser(uid)` also asks the backend, but on real code it is mostly an administrator's lookup of another
  // user (OraWebApp's set-role route), not the caller's identity: not listed.
  remoteVerificationCalls: [
    { callee: '.verifyIdToken', argument: { index: 1, is: 'true' }, source: 'firebase/firebase-admin-node src/auth/base-auth.ts L195-230 (checkRevoked "requires an extra request to the Firebase Auth backend")', status: 'confirmed' },
    { callee: '.verifySessionCookie', argument: { index: 1, is: 'true' }, source: 'firebase/firebase-admin-node src/auth/base-auth.ts L722', status: 'confirmed' },
  ],
  // Custom claims set with setCustomUserClaims are top-level and freely named: the names the documentation and
  // public code use for authorization, counted only when read from a decoded token or its claims.
  authzClaims: [
    ...['role', 'roles', 'admin', 'isAdmin', 'permissions', 'accessLevel'].map((claim) => ({ claim, userEditable: false, tokenOnly: true, source: customClaims, status: 'partial' as const })),
    { claim: 'stripeRole', userEditable: false, tokenOnly: true, source: 'https://github.com/invertase/stripe-firebase-extensions firestore-stripe-payments (custom claim `stripeRole`, read as getIdTokenResult().claims.stripeRole)', status: 'confirmed' },
    { claim: 'customClaims', userEditable: false, source: 'firebase/firebase-admin-node src/auth/user-record.ts (UserRecord.customClaims)', status: 'confirmed' },
  ],
  authzWrites: [{ callee: '.setCustomUserClaims', source: 'firebase/firebase-admin-node src/auth/base-auth.ts L614', status: 'confirmed' }],
};
