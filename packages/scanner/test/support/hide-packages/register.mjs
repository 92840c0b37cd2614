// `node --import <this file>`: installs the hooks that hide the packages named in
// AUTHBOUNDARY_HIDDEN_PACKAGES (see hooks.mjs).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
