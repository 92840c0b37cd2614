import { describe, expect, it } from 'vitest';
import * as telemetry from '../src/index.js';
import * as jwt from '../src/jwt/index.js';

const exported: Record<string, unknown> = { ...telemetry, ...jwt };
const methods = new Set(['recordAuthentication', 'recordAuthorization']);

describe('INSTRUMENTED_WRAPPERS', () => {
  it.each(telemetry.INSTRUMENTED_WRAPPERS.filter((name) => !methods.has(name)))(
    '%s is an exported function',
    (name) => {
      expect(typeof exported[name]).toBe('function');
    },
  );

  it.each([...methods])('%s is a method of AuthTelemetry', (name) => {
    expect(typeof (telemetry.AuthTelemetry.prototype as unknown as Record<string, unknown>)[name]).toBe('function');
  });

  it('lists every exported function that records a decision', () => {
    const recorders = Object.entries(exported)
      .filter(
        ([name, value]) =>
          typeof value === 'function' &&
          /^(with|instrument|check|create(Jwt|Node)|express|fastify|authenticateBearer)/.test(name),
      )
      .map(([name]) => name);
    expect(recorders.filter((name) => !(telemetry.INSTRUMENTED_WRAPPERS as readonly string[]).includes(name))).toEqual(
      [],
    );
  });
});
