// Shared helpers of the zone-parser tests.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const engine = require('../../dist/engine.js');

export const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n';

export function parse(text, options = {}) {
  const file = new engine.SourceFile(options.path ?? '/ws/example.com.zone', text);
  return engine.parseZone(file, { origin: 'example.com.', ...options });
}

/** The span of the nth occurrence of needle in text. */
export function span(text, needle, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' (occurrence ${nth}) not in the text`);
  }
  return { start: at, end: at + needle.length };
}

/** The records of a zone without the SOA of HEAD. */
export function recs(zone) {
  return zone.records.filter((r) => !(r.type === 'SOA' && r.line === 3));
}

/** Asserts exactly one problem, with rule, exact span and a message matching re. */
export function oneProblem(zone, text, needle, re, { rule = 'zone/syntax', nth = 0 } = {}) {
  const got = zone.problems.map((p) => ({ rule: p.rule, start: p.start, end: p.end, message: p.message }));
  assert.equal(got.length, 1, `expected one problem, got ${JSON.stringify(got, null, 1)}`);
  const p = got[0];
  const s = span(text, needle, nth);
  assert.equal(p.rule, rule);
  assert.deepEqual({ start: p.start, end: p.end }, s, `span of '${text.slice(p.start, p.end)}' (${p.message}) should be '${needle}'`);
  if (re) assert.match(p.message, re);
  assert.equal(zone.problems[0].severity, 'error');
  return zone.problems[0];
}

export function tokText(t) {
  return t === undefined ? undefined : t.text;
}

/**
 * Lints `zone` in a workspace of it and `zones` (no network unless `resolver` says so); asserts no
 * rule threw. Returns the zone, its text, the findings and the workspace.
 */
export async function lintInWorkspace(zone, { zones = [], resolver, options } = {}) {
  const ws = new engine.Workspace();
  ws.set(zone);
  for (const z of zones) ws.set(z);
  const run = await engine.lintZone(zone, { workspace: ws, resolver, options });
  assert.deepEqual(run.ruleErrors, [], 'no rule may throw');
  return { zone, text: zone.file.text, findings: run.findings, ws };
}

/** The findings of linting `text` (as parse() reads it) with `options`; no rule may throw. */
export async function lintText(text, options = {}) {
  const zone = parse(text);
  const run = await engine.lintZone(zone, { options });
  assert.deepEqual(run.ruleErrors, []);
  return run.findings;
}

/** The findings of one rule. */
export function only(findings, rule) {
  return findings.filter((f) => f.rule === rule);
}
