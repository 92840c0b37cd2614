// Deterministic generator of a synthetic platform (domain, BFF and auth code, with violations)
// for the benchmark. Same arguments → byte-identical files. Usage:
//   node bench/generate-platform.mjs OUT_DIR [--lines 500000]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const DOMAINS = [
  'booking',
  'payment',
  'wallet',
  'users',
  'drivers',
  'gps',
  'lines',
  'backoffice',
  'pricing',
  'notifications',
  'fleet',
  'support',
];
const KINDS = ['entity', 'service', 'repository', 'policy', 'mapper', 'events'];

/** mulberry32: a tiny seeded PRNG, so the platform is the same on every machine. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pascal = (text) => text.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase());

function methodBody(rand, name, entity) {
  const lines = [];
  const threshold = Math.floor(rand() * 90) + 10;
  lines.push(`  async ${name}(platformUserId: string, filter: ${entity}Filter): Promise<${entity}[]> {`);
  lines.push(
    `    const rows = await this.repository.find({ platformUserId, status: filter.status ?? 'open', limit: ${threshold} });`,
  );
  lines.push(`    const selected = rows.filter((row) => row.amount > ${threshold} && row.status !== 'closed');`);
  lines.push(`    if (selected.length === 0) {`);
  lines.push(`      this.log.debug(\`no ${name} rows for \${platformUserId}\`);`);
  lines.push(`      return [];`);
  lines.push(`    }`);
  lines.push(`    let total = 0;`);
  lines.push(`    for (const row of selected) {`);
  lines.push(`      total += row.amount * (row.currency === 'EUR' ? 1 : ${(1 + rand()).toFixed(3)});`);
  lines.push(`      if (total > ${threshold * 100}) break;`);
  lines.push(`    }`);
  lines.push(
    `    const summary = { count: selected.length, total: Math.round(total * 100) / 100, at: new Date().toISOString() };`,
  );
  lines.push(`    await this.events.publish('${name}.computed', summary);`);
  lines.push(`    return selected.map((row) => ({ ...row, amount: Math.round(row.amount * 100) / 100 }));`);
  lines.push(`  }`);
  lines.push(``);
  return lines;
}

function domainFile(rand, domain, index, kind, context) {
  const entity = `${pascal(domain)}${pascal(kind)}${index}`;
  const lines = [];
  const previous = index > 0 ? `./${kind === 'entity' ? 'service' : 'entity'}-${index - 1}.js` : null;
  lines.push(`import type { Clock, EventBus, Logger } from '../../shared/runtime-${index % context.sharedCount}.js';`);
  if (previous)
    lines.push(
      `import type { ${pascal(domain)}${pascal(kind === 'entity' ? 'service' : 'entity')}${index - 1}Filter as Previous${index} } from '${previous}';`,
    );
  const violation = rand();
  let imported = '';
  if (violation < 0.01) imported = `import { notifyProvider } from '../../shared/index.js';\n`;
  else if (violation < 0.02) imported = `import { currentCognitoSub } from '../../auth/index.js';\n`;
  if (imported) lines.push(imported.trimEnd());
  lines.push(``);
  lines.push(`export interface ${entity} {`);
  lines.push(`  readonly id: string;`);
  lines.push(`  readonly platformUserId: string;`);
  lines.push(`  readonly status: 'open' | 'closed' | 'pending';`);
  lines.push(`  readonly amount: number;`);
  lines.push(`  readonly currency: 'EUR' | 'USD' | 'GBP';`);
  lines.push(`  readonly createdAt: Date;`);
  if (violation >= 0.02 && violation < 0.03) lines.push(`  readonly cognitoSub: string;`);
  lines.push(`}`);
  lines.push(``);
  lines.push(`export interface ${entity}Filter {`);
  lines.push(`  readonly status?: ${entity}['status'];`);
  lines.push(`  readonly limit?: number;`);
  if (previous) lines.push(`  readonly previous?: Previous${index};`);
  lines.push(`}`);
  lines.push(``);
  lines.push(`export interface ${entity}Repository {`);
  lines.push(`  find(query: { platformUserId: string; status: string; limit: number }): Promise<${entity}[]>;`);
  lines.push(`  save(row: ${entity}): Promise<void>;`);
  lines.push(`}`);
  lines.push(``);
  lines.push(`export class ${entity}Service {`);
  lines.push(`  constructor(`);
  lines.push(`    private readonly repository: ${entity}Repository,`);
  lines.push(`    private readonly events: EventBus,`);
  lines.push(`    private readonly log: Logger,`);
  lines.push(`    private readonly clock: Clock,`);
  lines.push(`  ) {}`);
  lines.push(``);
  const methods = 6 + Math.floor(rand() * 4);
  for (let m = 0; m < methods; m++) lines.push(...methodBody(rand, `${kind}Step${m}`, entity));
  if (violation >= 0.03 && violation < 0.04) {
    lines.push(`  ownerOf(claims: { sub: string }): string {`);
    lines.push(`    const { sub } = claims;`);
    lines.push(`    return sub;`);
    lines.push(`  }`);
  }
  if (violation < 0.01) {
    lines.push(`  async offboard(username: string): Promise<void> {`);
    lines.push(`    await notifyProvider(username);`);
    lines.push(`  }`);
  } else if (violation < 0.02) {
    lines.push(`  async audit(request: { claims: { sub: string } }): Promise<void> {`);
    lines.push(`    const actor = currentCognitoSub(request);`);
    lines.push(`    await this.events.publish('audit', { actor });`);
    lines.push(`  }`);
  }
  lines.push(`}`);
  lines.push(``);
  if (violation >= 0.04 && violation < 0.045)
    lines.push(`export const SUPPORT_ACCOUNT = 'auth0|64f1a2b3c4d5e6f7a8b9c0d1';`);
  return `${lines.join('\n')}\n`;
}

function sharedRuntime(index) {
  return `export interface Clock {\n  now(): Date;\n}\n\nexport interface Logger {\n  debug(message: string): void;\n  info(message: string, fields?: Record<string, unknown>): void;\n}\n\nexport interface EventBus {\n  publish(topic: string, payload: unknown): Promise<void>;\n}\n\nexport const RUNTIME_${index} = ${index};\n`;
}

const AUTH_FILES = {
  'src/auth/index.ts': `export { currentCognitoSub } from './current-identity.js';\nexport { authenticate } from './authenticate.js';\n`,
  'src/auth/current-identity.ts': `export function currentCognitoSub(request: { claims: { sub: string } }): string {\n  return request.claims.sub;\n}\n`,
  'src/auth/authenticate.ts': `import { CognitoJwtVerifier } from 'aws-jwt-verify';\n\nconst verifier = CognitoJwtVerifier.create({ userPoolId: 'eu-west-1_Bench1', tokenUse: 'access', clientId: 'bench' });\n\nexport async function authenticate(token: string): Promise<{ platformUserId: string }> {\n  const claims = await verifier.verify(token);\n  return { platformUserId: await lookUp(claims.sub) };\n}\n\nasync function lookUp(subject: string): Promise<string> {\n  return \`platform-\${subject.length}\`;\n}\n`,
  'src/shared/index.ts': `export { notifyProvider } from './provider-notify.js';\n`,
  'src/shared/provider-notify.ts': `import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';\n\nconst client = new CognitoIdentityProviderClient({});\n\nexport async function notifyProvider(username: string): Promise<void> {\n  await client.config.region();\n  void username;\n}\n`,
};

function bffFile(rand, index, context) {
  const domain = DOMAINS[index % DOMAINS.length];
  const target = Math.floor(rand() * context.filesPerKind);
  const entity = `${pascal(domain)}Service${target}`;
  const lines = [
    `import type { ${entity}Service } from '../domains/${domain}/service-${target}.js';`,
    ``,
    `export interface Screen${index} {`,
    `  readonly items: number;`,
    `  readonly total: number;`,
    `}`,
    ``,
  ];
  for (let h = 0; h < 8; h++) {
    lines.push(
      `export async function screen${index}Handler${h}(request: { user: { platformUserId: string } }, service: ${entity}Service): Promise<Screen${index}> {`,
    );
    lines.push(`  const rows = await service.serviceStep0(request.user.platformUserId, { status: 'open' });`);
    lines.push(`  const total = rows.reduce((sum, row) => sum + row.amount, 0);`);
    lines.push(`  return { items: rows.length, total };`);
    lines.push(`}`);
    lines.push(``);
  }
  return `${lines.join('\n')}\n`;
}

export function generatePlatform(out, targetLines = 500_000) {
  rmSync(out, { recursive: true, force: true });
  const rand = random(20261122);
  const files = new Map(Object.entries(AUTH_FILES));
  const context = { sharedCount: 20, filesPerKind: 0 };
  for (let index = 0; index < context.sharedCount; index++)
    files.set(`src/shared/runtime-${index}.ts`, sharedRuntime(index));
  // ~165 lines per domain file; BFF files ~50 lines; 92% of lines in domains.
  const domainFiles = Math.max(KINDS.length * DOMAINS.length, Math.round((targetLines * 0.92) / 165));
  context.filesPerKind = Math.max(1, Math.floor(domainFiles / (DOMAINS.length * KINDS.length)));
  for (const domain of DOMAINS) {
    for (const kind of KINDS) {
      for (let index = 0; index < context.filesPerKind; index++)
        files.set(`src/domains/${domain}/${kind}-${index}.ts`, domainFile(rand, domain, index, kind, context));
    }
  }
  let lines = [...files.values()].reduce((sum, text) => sum + text.split('\n').length - 1, 0);
  for (let index = 0; lines < targetLines; index++) {
    const text = bffFile(rand, index, context);
    files.set(`src/bff/screen-${index}.ts`, text);
    lines += text.split('\n').length - 1;
  }
  const config = {
    providers: ['cognito', 'auth0'],
    layers: {
      auth: ['src/auth/**'],
      bff: ['src/bff/**'],
      domains: Object.fromEntries(DOMAINS.map((domain) => [domain, `src/domains/${domain}/**`])),
    },
    platformUserId: 'platformUserId',
  };
  files.set('authboundary.config.json', `${JSON.stringify(config, null, 2)}\n`);
  for (const [path, text] of files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
  }
  return { files: files.size - 1, lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: node bench/generate-platform.mjs OUT_DIR [--lines N]\n');
    process.exit(2);
  }
  const linesIndex = process.argv.indexOf('--lines');
  const { files, lines } = generatePlatform(out, linesIndex > 0 ? Number(process.argv[linesIndex + 1]) : 500_000);
  process.stdout.write(`${files} files, ${lines} lines in ${out}\n`);
}
