import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ownText, withOwnTexts } from './own-text.js';

describe('ownText', () => {
  it('gives the same text', () => {
    expect(ownText('id')).toBe('id');
    expect(ownText('createAuthenticatedClient')).toBe('createAuthenticatedClient');
    expect(ownText('nämeWithUnicodé–')).toBe('nämeWithUnicodé–');
  });

  it('gives a record with the same values, the record itself when no value needs a copy', () => {
    const short = { call: 'auth()', perRequest: true };
    expect(withOwnTexts(short)).toBe(short);
    const long = { call: 'clerkClient.users.getUser', perRequest: true };
    expect(withOwnTexts(long)).toEqual(long);
  });

  // What V8 keeps can only be seen from V8: `%DebugPrint` names a string's representation. The
  // identifier the parser made is the control (a slice of the file's text); the names the module
  // facts keep must not be slices.
  it('keeps no slice of the file’s text in the module facts (V8’s own account of the strings)', () => {
    const rules = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    const script = `
      import ts from 'typescript';
      import { moduleFactsOf } from ${JSON.stringify(rules)};
      const text = "import { createAuthenticatedClient } from '@/lib/authenticated-client';\\n" + '// padding\\n'.repeat(50);
      const tree = ts.createSourceFile('/a.ts', text, ts.ScriptTarget.Latest);
      const [fact] = moduleFactsOf(ts, tree).imports;
      const print = (label, value) => { console.log('== ' + label); %DebugPrint(value); };
      print('parser', tree.statements[0].importClause.namedBindings.elements[0].name.text);
      print('local', fact.bindings[0].local);
      print('imported', fact.bindings[0].imported);
      print('specifier', fact.specifier);
    `;
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const kinds = Object.fromEntries(
      run.stdout
        .split('== ')
        .slice(1)
        .map((part) => [part.slice(0, part.indexOf('\n')), part.includes('SLICED') ? 'slice' : 'own']),
    );
    expect(kinds).toEqual({ parser: 'slice', local: 'own', imported: 'own', specifier: 'own' });
  });
});
