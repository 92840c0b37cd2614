import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importedBindings, importedReferenceOf, isExportOf } from './imported-bindings.js';

const parse = (code: string) => ts.createSourceFile('module.ts', code, ts.ScriptTarget.Latest, true);
const bindingsOf = (code: string) => Object.fromEntries(importedBindings(ts, parse(code)));

describe('importedBindings', () => {
  it("computes a tree's bindings once, with and without type-only imports apart", () => {
    const sourceFile = parse("import type { A } from './a.js';\nimport { b } from './b.js';");
    const values = importedBindings(ts, sourceFile);
    expect(importedBindings(ts, sourceFile)).toBe(values);
    expect([...values.keys()]).toEqual(['b']);
    const withTypes = importedBindings(ts, sourceFile, { includeTypeOnly: true });
    expect(importedBindings(ts, sourceFile, { includeTypeOnly: true })).toBe(withTypes);
    expect([...withTypes.keys()]).toEqual(['A', 'b']);
    // Another tree of the same text has bindings of its own.
    expect(importedBindings(ts, parse("import { b } from './b.js';"))).not.toBe(values);
  });

  it.each([
    [
      'a named import',
      "import { decode } from 'jsonwebtoken';",
      { decode: { module: 'jsonwebtoken', exportName: 'decode' } },
    ],
    [
      'a renamed import',
      "import { decode as d } from 'jsonwebtoken';",
      { d: { module: 'jsonwebtoken', exportName: 'decode' } },
    ],
    ['a default import', "import jwt from 'jsonwebtoken';", { jwt: { module: 'jsonwebtoken', exportName: 'default' } }],
    ['a namespace import', "import * as jose from 'jose';", { jose: { module: 'jose', exportName: '*' } }],
    [
      'a default and named import together',
      "import jwt, { verify } from 'jsonwebtoken';",
      {
        jwt: { module: 'jsonwebtoken', exportName: 'default' },
        verify: { module: 'jsonwebtoken', exportName: 'verify' },
      },
    ],
    [
      'import-equals of require',
      "import jwt = require('jsonwebtoken');",
      { jwt: { module: 'jsonwebtoken', exportName: '*' } },
    ],
    ['a required module', "const jwt = require('jsonwebtoken');", { jwt: { module: 'jsonwebtoken', exportName: '*' } }],
    [
      'names destructured from require, one renamed',
      "const { decode, verify: check } = require('jsonwebtoken');",
      {
        decode: { module: 'jsonwebtoken', exportName: 'decode' },
        check: { module: 'jsonwebtoken', exportName: 'verify' },
      },
    ],
    [
      'a member of a required module',
      "const decode = require('jsonwebtoken').decode;",
      { decode: { module: 'jsonwebtoken', exportName: 'decode' } },
    ],
    ['an awaited dynamic import', "const jose = await import('jose');", { jose: { module: 'jose', exportName: '*' } }],
    [
      'a string-named export',
      "import { 'jwtVerify' as verify } from 'jose';",
      { verify: { module: 'jose', exportName: 'jwtVerify' } },
    ],
  ])('binds %s', (_name, code, expected) => {
    expect(bindingsOf(code)).toEqual(expected);
  });

  it.each([
    ['a type-only import', "import type { JwtPayload } from 'jsonwebtoken';"],
    ['a type-only specifier', "import { type JWTPayload } from 'jose';"],
    ['a side-effect import', "import 'reflect-metadata';"],
    [
      'a require inside a function (only the top level is read)',
      "function load() { const jwt = require('jsonwebtoken'); return jwt; }",
    ],
    ['a call that is not require', "const jwt = load('jsonwebtoken');"],
    ['a rest element of a required module', "const { ...all } = require('jsonwebtoken');"],
  ])('binds nothing for %s', (_name, code) => {
    expect(bindingsOf(code)).toEqual({});
  });
});

describe('importedReferenceOf', () => {
  const referenceOf = (code: string) => {
    const sourceFile = parse(code);
    const last = sourceFile.statements.at(-1) as ts.ExpressionStatement;
    return importedReferenceOf(ts, importedBindings(ts, sourceFile), (last.expression as ts.CallExpression).expression);
  };

  it.each([
    [
      'a named import called',
      "import { decode as d } from 'jsonwebtoken';\nd(t);",
      { module: 'jsonwebtoken', exportName: 'decode', localName: 'd' },
    ],
    [
      'a member of a namespace import',
      "import * as jose from 'jose';\njose.decodeJwt(t);",
      { module: 'jose', exportName: 'decodeJwt', localName: 'jose' },
    ],
    [
      'a member of a default import (a CommonJS module object)',
      "import jwt from 'jsonwebtoken';\njwt.decode(t);",
      { module: 'jsonwebtoken', exportName: 'decode', localName: 'jwt' },
    ],
    [
      'a default import called',
      "import jwtDecode from 'jwt-decode';\njwtDecode(t);",
      { module: 'jwt-decode', exportName: 'default', localName: 'jwtDecode' },
    ],
  ])('resolves %s', (_name, code, expected) => {
    expect(referenceOf(code)).toEqual(expected);
  });

  it.each([
    ['a local function', 'function decode(t: string) { return t; }\ndecode(t);'],
    ['a member of a named import (not a module object)', "import { base64url } from 'jose';\nbase64url.decode(t);"],
    ['a deeper member chain', "import * as jose from 'jose';\njose.default.decodeJwt(t);"],
  ])('does not resolve %s', (_name, code) => {
    expect(referenceOf(code)).toBeUndefined();
  });
});

describe('isExportOf', () => {
  it('matches the module and its subpaths, not modules that share a prefix', () => {
    expect(isExportOf({ module: 'firebase-admin/auth', exportName: 'getAuth' }, 'firebase-admin', ['getAuth'])).toBe(
      true,
    );
    expect(isExportOf({ module: 'jose', exportName: 'jwtVerify' }, 'jose', ['jwtVerify'])).toBe(true);
    expect(isExportOf({ module: 'jose-browser', exportName: 'jwtVerify' }, 'jose', ['jwtVerify'])).toBe(false);
    expect(isExportOf({ module: 'jose', exportName: 'decodeJwt' }, 'jose', ['jwtVerify'])).toBe(false);
    expect(isExportOf(undefined, 'jose', ['jwtVerify'])).toBe(false);
  });
});

describe('importedBindings with includeTypeOnly', () => {
  it('keeps type-only imports, marked, and leaves the value bindings as they are', () => {
    const code =
      "import type { BookingService } from '../booking/service.js';\nimport { type Wallet, wallets } from '../payment/wallets.js';";
    expect(bindingsOf(code)).toEqual({ wallets: { module: '../payment/wallets.js', exportName: 'wallets' } });
    expect(Object.fromEntries(importedBindings(ts, parse(code), { includeTypeOnly: true }))).toEqual({
      BookingService: { module: '../booking/service.js', exportName: 'BookingService', typeOnly: true },
      Wallet: { module: '../payment/wallets.js', exportName: 'Wallet', typeOnly: true },
      wallets: { module: '../payment/wallets.js', exportName: 'wallets' },
    });
  });
});
