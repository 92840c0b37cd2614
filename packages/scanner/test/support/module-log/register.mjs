// `node --import <this file>`: installs the hooks that log every resolved module (see hooks.mjs).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
