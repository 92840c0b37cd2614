import {
  coverageOf,
  isDecisionSite,
  SITE_KIND_TITLES,
  SITE_KINDS,
  type IdentityMap,
  type MapEntry,
} from '../map/identity-map.js';

const percent = (counts: { total: number; instrumented: number }): string => {
  const share = coverageOf(counts);
  return share === null
    ? 'no decision sites'
    : `${counts.instrumented}/${counts.total} instrumented (${Math.round(share * 100)} %)`;
};

/** The facts of a site in one line, in a fixed order per kind. */
export function describeSite(entry: MapEntry): string {
  const d = entry.detail;
  const list = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value));
  const parts: string[] = [];
  switch (entry.kind) {
    case 'verification':
      parts.push(`${String(d['call'])} (${String(d['library'])})`);
      if (d['keys'] !== undefined)
        parts.push(
          String(d['keys']) + (d['keySetCreated'] !== undefined ? `, key set made ${String(d['keySetCreated'])}` : ''),
        );
      if (d['issuers'] !== undefined) parts.push(`issuer ${list(d['issuers'])}`);
      if (d['algorithms'] !== undefined) parts.push(`algorithms ${list(d['algorithms'])}`);
      parts.push(d['perRequest'] === true ? 'per request' : 'not in a request handler');
      parts.push(d['instrumented'] === true ? 'instrumented' : 'not instrumented');
      break;
    case 'authorization':
      parts.push(
        `${String(d['call'])} (${String(d['engine'])})`,
        d['instrumented'] === true ? 'instrumented' : 'not instrumented',
      );
      break;
    case 'provider-sdk':
      parts.push(`${String(d['module'])} (${String(d['provider'])})${d['typeOnly'] === true ? ', types only' : ''}`);
      break;
    case 'provider-call':
      parts.push(
        `${String(d['call'])} (${String(d['provider'])}): ${String(d['purpose'])}`,
        d['perRequest'] === true ? 'per request' : 'not in a request handler',
      );
      break;
    case 'bff-handler':
      parts.push(
        `${String(d['handler'])} (${String(d['kind'])})`,
        entry.composes === undefined || entry.composes.length === 0
          ? 'composes no domain module'
          : `composes ${entry.composes.join(', ')}`,
      );
      break;
    case 'machine-credential':
      parts.push(String(d['call']));
      if (d['headers'] !== undefined) parts.push(`${list(d['headers'])} from ${list(d['credentials'])}`);
      else if (d['credentials'] !== undefined) parts.push(`a client holding ${list(d['credentials'])}`);
      if (d['clientCredentialsGrant'] === true) parts.push('client-credentials grant');
      break;
  }
  if (entry.observed !== undefined) parts.push(entry.observed ? 'observed at run time' : 'not observed');
  return parts.join('; ');
}

const where = (entry: MapEntry) => `${entry.file}:${entry.line}:${entry.column}`;
const byKind = (map: IdentityMap) =>
  SITE_KINDS.map((kind) => [kind, map.entries.filter((entry) => entry.kind === kind)] as const);

export function mapText(map: IdentityMap): string {
  const lines: string[] = [];
  for (const [kind, entries] of byKind(map)) {
    if (entries.length === 0) continue;
    lines.push(`${SITE_KIND_TITLES[kind]} (${entries.length})`);
    for (const entry of entries) {
      const owners = entry.owners.length > 0 ? ` ${entry.owners.join(' ')}` : '';
      const violations = entry.violations.length > 0 ? `  ✗ ${entry.violations.join(', ')}` : '';
      lines.push(
        `  ${where(entry)}  [${entry.layer}${entry.module !== null && entry.module !== entry.layer ? `/${entry.module}` : ''}] ${entry.scope}${owners}`,
      );
      lines.push(`    ${describeSite(entry)}${violations}`);
    }
    lines.push('');
  }
  lines.push(
    `${map.entries.length} sites; decisions: ${percent(map.summary.decisions)}; ${map.summary.violations} sites with findings; ${map.summary.findingsOnNoSite} findings on no site (authboundary scan lists them)`,
  );
  if (map.observed !== undefined) {
    lines.push(
      `observed: ${map.observed.spans} spans, ${map.observed.sitesObserved} decision sites seen at run time, ${map.observed.unmapped.length} places not in the map`,
    );
    for (const span of map.observed.unmapped)
      lines.push(
        `  not in the map: ${span.file}${span.line !== undefined ? `:${span.line}` : ''} ${span.name} (${span.count} spans)`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/** Escapes text for a Markdown table cell (CommonMark: backslash escapes, no raw HTML, no line breaks). */
function cell(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (character) => `\\${character}`).replace(/\r?\n/g, ' ');
}

export function mapMarkdown(map: IdentityMap): string {
  const lines = ['# Identity surface', ''];
  lines.push(
    `${map.entries.length} sites. Decisions: ${percent(map.summary.decisions)}. Sites with findings: ${map.summary.violations}.`,
    '',
  );
  const modules = Object.entries(map.summary.decisionsByModule);
  if (modules.length > 0) {
    lines.push('| module | decision sites | instrumented |', '|---|---:|---:|');
    for (const [module, counts] of modules)
      lines.push(`| ${cell(module)} | ${counts.total} | ${counts.instrumented} |`);
    lines.push('');
  }
  for (const [kind, entries] of byKind(map)) {
    if (entries.length === 0) continue;
    lines.push(
      `## ${SITE_KIND_TITLES[kind]} (${entries.length})`,
      '',
      '| where | layer / module | scope | what | findings |',
      '|---|---|---|---|---|',
    );
    for (const entry of entries) {
      lines.push(
        `| ${cell(where(entry))} | ${cell(`${entry.layer} / ${entry.module ?? '-'}`)} | ${cell(entry.scope)} | ${cell(describeSite(entry))} | ${cell(entry.violations.join(', ') || '-')} |`,
      );
    }
    lines.push('');
  }
  if (map.observed !== undefined && map.observed.unmapped.length > 0) {
    lines.push('## Seen at run time, not in the map', '', '| place | span | spans |', '|---|---|---:|');
    for (const span of map.observed.unmapped)
      lines.push(
        `| ${cell(`${span.file}${span.line !== undefined ? `:${span.line}` : ''}`)} | ${cell(span.name)} | ${span.count} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Styles of the map's markup, scoped by its `surface-` classes so it can sit inside another page. */
export const MAP_STYLE = `
.surface-boxes{display:flex;flex-wrap:wrap;gap:1rem}
.surface-box{border:2px solid #8c959f;border-radius:8px;padding:.5rem 1rem;min-width:12rem}
.surface-box.auth{border-color:#0969da;background:#ddf4ff}
.surface-box.bad{border-color:#cf222e}
table.surface{border-collapse:collapse;margin:.5rem 0 1.5rem}
table.surface td,table.surface th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
table.surface tr.bad td{background:#ffebe9}
.surface-edge.bad{color:#cf222e}
`;

/**
 * The map as HTML markup (headings from `level` down): modules as boxes (the auth layer first) with
 * their sites and coverage, then the crossings — BFF handlers to the domains they compose, provider
 * touchpoints outside the auth layer — red where a rule reports the site, and every list behind
 * them. Used by `map --format html` and as a section of `report --html`.
 */
export function mapHtmlSection(map: IdentityMap, level = 2): string {
  const h = (offset: number, text: string) => `<h${level + offset}>${text}</h${level + offset}>`;
  const modules = new Map<string, MapEntry[]>();
  for (const entry of map.entries) {
    const key = entry.layer === 'domain' ? (entry.module ?? 'domain') : entry.layer;
    modules.set(key, [...(modules.get(key) ?? []), entry]);
  }
  const order = [...modules.keys()].sort((a, b) =>
    a === 'auth' ? -1 : b === 'auth' ? 1 : a === 'bff' ? -1 : b === 'bff' ? 1 : a < b ? -1 : 1,
  );
  const box = (name: string) => {
    const entries = modules.get(name)!;
    const decisions = entries.filter(isDecisionSite);
    const instrumented = decisions.filter((entry) => entry.detail['instrumented'] === true).length;
    const violations = entries.filter((entry) => entry.violations.length > 0).length;
    const kinds = SITE_KINDS.map(
      (kind) => [kind, entries.filter((entry) => entry.kind === kind).length] as const,
    ).filter(([, count]) => count > 0);
    return `<section class="surface-box${name === 'auth' ? ' auth' : ''}${violations > 0 ? ' bad' : ''}">${h(2, escapeHtml(name))}<ul>${kinds.map(([kind, count]) => `<li>${escapeHtml(SITE_KIND_TITLES[kind])}: ${count}</li>`).join('')}</ul><p>${decisions.length === 0 ? 'no decision sites' : `${instrumented}/${decisions.length} decisions instrumented`}${violations > 0 ? `; <strong>${violations} with findings</strong>` : ''}</p></section>`;
  };
  const edges = map.entries
    .filter((entry) => entry.kind === 'bff-handler')
    .flatMap((entry) =>
      (entry.composes ?? []).map((module) => ({ from: entry.module ?? entry.layer, to: module, entry })),
    );
  const grouped = new Map<string, MapEntry[]>();
  for (const edge of edges)
    grouped.set(`${edge.from} → ${edge.to}`, [...(grouped.get(`${edge.from} → ${edge.to}`) ?? []), edge.entry]);
  const outsideAuth = map.entries.filter(
    (entry) => (entry.kind === 'provider-sdk' || entry.kind === 'provider-call') && entry.layer !== 'auth',
  );
  const row = (entry: MapEntry) =>
    `<tr class="${entry.violations.length > 0 ? 'bad' : ''}"><td><code>${escapeHtml(where(entry))}</code></td><td>${escapeHtml(entry.scope)}</td><td>${escapeHtml(describeSite(entry))}</td><td>${escapeHtml(entry.violations.join(', '))}</td></tr>`;
  const table = (entries: readonly MapEntry[]) =>
    `<table class="surface"><thead><tr><th>where</th><th>scope</th><th>what</th><th>findings</th></tr></thead><tbody>${entries.map(row).join('')}</tbody></table>`;
  return `<p id="surface-summary">${map.entries.length} sites. Decisions: ${escapeHtml(percent(map.summary.decisions))}. Sites with findings: ${map.summary.violations}.</p>
${h(0, 'Modules')}
<div class="surface-boxes">${order.map(box).join('')}</div>
${h(0, 'Crossings')}
${h(1, 'BFF handlers → domain modules')}
${grouped.size === 0 ? '<p>None.</p>' : [...grouped].map(([key, entries]) => `<details><summary class="surface-edge${entries.some((entry) => entry.violations.length > 0) ? ' bad' : ''}">${escapeHtml(key)} (${entries.length})</summary>${table(entries)}</details>`).join('\n')}
${h(1, 'Provider touchpoints outside the auth layer')}
${outsideAuth.length === 0 ? '<p>None.</p>' : table(outsideAuth)}
${byKind(map)
  .filter(([, entries]) => entries.length > 0)
  .map(([kind, entries]) => `${h(0, `${escapeHtml(SITE_KIND_TITLES[kind])} (${entries.length})`)}${table(entries)}`)
  .join('\n')}`;
}

/** `map --format html`: the map as one self-contained page. */
export function mapHtml(map: IdentityMap): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Identity surface</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;color:#1b1f24}${MAP_STYLE}</style></head><body>
<h1>Identity surface</h1>
${mapHtmlSection(map)}
</body></html>
`;
}
