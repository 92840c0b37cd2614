import { npmModules } from './sdk-modules.js';
import type { ProviderProfile } from './provider-profile.js';

const decodedIdToken = 'firebase/firebase-admin-node src/auth/token-verifier.ts (DecodedIdToken)';
const customClaims =
  'https://firebase.google.com/docs/auth/admin/custom-claims (`admin: true`, `accessLevel`, read as decodedToken.admin / idTokenResult.claims.admin)';

export const firebase: ProviderProfile = {
  id: 'firebase',
  name: 'Firebase Auth',
  nameWords: [['firebase']],
  identifierClaims: [
    { claim: 'sub', source: decodedIdToken, status: 'confirmed' },
    { claim: 'uid', source: decodedIdToken, status: 'confirmed' },
    {
      claim: 'user_id',
      source: 'public sample shunwitter/firebase_idtoken README.md (decoded payload)',
      status: 'partial',
    },
  ],
  // Firebase uids are opaque 28-character strings without a prefix.
  identifierValues: [],
  // `firebase` and `firebase-admin` also hold Firestore, Storage and Messaging: only their auth entry points count.
  sdkModules: npmModules('firebase/auth', 'firebase-admin/auth'),
  // `getUser(uid)` also asks the backend, but on real code it is mostly an administrator's lookup of another
  // user (OraWebApp's set-role route), not the caller's identity: not listed.
  remoteVerificationCalls: [
    {
      callee: '.verifyIdToken',
      argument: { index: 1, is: 'true' },
      source:
        'firebase/firebase-admin-node src/auth/base-auth.ts L195-230 (checkRevoked "requires an extra request to the Firebase Auth backend")',
      status: 'confirmed',
    },
    {
      callee: '.verifySessionCookie',
      argument: { index: 1, is: 'true' },
      source: 'firebase/firebase-admin-node src/auth/base-auth.ts L722',
      status: 'confirmed',
    },
  ],
  // Custom claims set with setCustomUserClaims are top-level and freely named: the names the documentation and
  // public code use for authorization, counted only when read from a decoded token or its claims.
  authzClaims: [
    ...['role', 'roles', 'admin', 'isAdmin', 'permissions', 'accessLevel'].map((claim) => ({
      claim,
      userEditable: false,
      tokenOnly: true,
      source: customClaims,
      status: 'partial' as const,
    })),
    {
      claim: 'stripeRole',
      userEditable: false,
      tokenOnly: true,
      source:
        'https://github.com/invertase/stripe-firebase-extensions firestore-stripe-payments (custom claim `stripeRole`, read as getIdTokenResult().claims.stripeRole)',
      status: 'confirmed',
    },
    {
      claim: 'customClaims',
      userEditable: false,
      source: 'firebase/firebase-admin-node src/auth/user-record.ts (UserRecord.customClaims)',
      status: 'confirmed',
    },
  ],
  authzWrites: [
    {
      callee: '.setCustomUserClaims',
      source: 'firebase/firebase-admin-node src/auth/base-auth.ts L614',
      status: 'confirmed',
    },
  ],
  identitySources: [
    {
      callee: 'getAuth',
      module: 'firebase/auth',
      yields: ['currentUser.uid'],
      source: 'https://firebase.google.com/docs/auth/web/manage-users#get_the_currently_signed-in_user',
      status: 'confirmed',
    },
    {
      callee: 'onAuthStateChanged',
      yields: ['=>0.uid'],
      source: 'https://firebase.google.com/docs/auth/web/manage-users (onAuthStateChanged(auth, (user) => user.uid))',
      status: 'confirmed',
    },
    {
      callee: '.onAuthStateChanged',
      yields: ['=>0.uid'],
      source: 'https://firebase.google.com/docs/reference/js/auth.auth#authonauthstatechanged',
      status: 'confirmed',
    },
    {
      callee: 'signInWithEmailAndPassword',
      yields: ['user.uid'],
      source: 'https://firebase.google.com/docs/auth/web/password-auth (UserCredential.user)',
      status: 'confirmed',
    },
    {
      callee: 'createUserWithEmailAndPassword',
      yields: ['user.uid'],
      source: 'https://firebase.google.com/docs/auth/web/password-auth',
      status: 'confirmed',
    },
    {
      callee: 'signInWithPopup',
      yields: ['user.uid'],
      source: 'https://firebase.google.com/docs/auth/web/google-signin',
      status: 'confirmed',
    },
    {
      callee: 'getAuth',
      module: 'firebase-admin/auth',
      yields: ['verifyIdToken().uid', 'verifySessionCookie().uid'],
      source:
        'https://firebase.google.com/docs/auth/admin/verify-id-tokens (getAuth().verifyIdToken(idToken) → decodedToken.uid)',
      status: 'confirmed',
    },
    {
      callee: 'admin.auth',
      yields: ['verifyIdToken().uid', 'verifySessionCookie().uid'],
      source:
        'https://firebase.google.com/docs/auth/admin/verify-id-tokens (namespaced API: admin.auth().verifyIdToken)',
      status: 'confirmed',
    },
    {
      callee: '.verifyIdToken',
      yields: ['uid', 'sub'],
      source: 'https://firebase.google.com/docs/auth/admin/verify-id-tokens (DecodedIdToken.uid)',
      status: 'confirmed',
    },
    {
      callee: '.verifySessionCookie',
      yields: ['uid', 'sub'],
      source: 'https://firebase.google.com/docs/auth/admin/manage-cookies',
      status: 'confirmed',
    },
  ],
};
