// Assertions on lint findings shared by the rule tests (DMARC, DKIM, policy and their quality passes).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

/** The findings of one rule. */
export const of = (findings, id) => findings.filter((f) => f.rule === id);

/** The text of `file` with the fix's edits in that file applied. */
export function applied(fix, file) {
  const edits = fix.edits.filter((e) => e.file === file).sort((a, b) => b.start - a.start);
  let t = file.text;
  for (const e of edits) t = t.slice(0, e.start) + e.newText + t.slice(e.end);
  return t;
}

/**
 * The one finding of rule `id` in r (`{ text, findings }`), which must cover exactly the first
 * `needle` in the text (after `from`, when given).
 */
export function one(r, id, needle, from = '') {
  const fs = of(r.findings, id);
  assert.equal(fs.length, 1, `${id}: expected one finding, got ${fs.map((f) => f.message).join(' | ')}`);
  const f = fs[0];
  const start = r.text.indexOf(needle, from ? r.text.indexOf(from) : 0);
  assert.ok(start >= 0, `needle ${needle}`);
  assert.equal(r.text.slice(f.start, f.end), needle, `${id} range`);
  assert.equal(f.start, start, `${id} start offset`);
  return f;
}

const engine = createRequire(import.meta.url)('../../dist/engine.js');

/** The zone head the rule tests lint their records under (example.com., SOA, one NS with an address). */
export const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n';

/** Lints HEAD + body (which must parse cleanly; no rule may throw). */
export async function lint(body) {
  const zone = engine.parseZone(new engine.SourceFile('/ws/example.com.zone', HEAD + body), { origin: 'example.com.' });
  assert.deepEqual(zone.problems, [], 'the test zone must parse cleanly');
  const run = await engine.lintZone(zone);
  assert.deepEqual(run.ruleErrors, []);
  return { zone, text: zone.file.text, findings: run.findings };
}

/** Asserts that rule `id` does not trigger on HEAD + body. */
export async function none(body, id) {
  const r = await lint(body);
  assert.deepEqual(of(r.findings, id).map((f) => f.message), [], `${id} must not trigger`);
}
