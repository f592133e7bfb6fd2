// Every rule's documented examples say what the rule does: the "Triggers" record (docs.bad) shown
// in hovers, docs/rules.md and the SARIF help gets a finding of that rule, the "Instead" record
// (docs.good) gets none, and every fix offered on the bad record removes the finding without a new
// error from another rule or a syntax problem.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../dist/engine.js';

const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n';

/** Examples that are not literal records (an elided key: `p=MIIB…(400 characters)…`, `TLSA 1 1 1 …`). */
const elided = (ex) => ex.includes('…');
/** Examples that need files around them, which this test does not make. */
const NEEDS_FILES = new Set(['zone/include-outside-workspace']);

const isYaml = (ex) => /^---/.test(ex) || /^\s*['"]?[\w.*-]*['"]?:\s*$/.test(ex.split('\n')[0]);

async function lintExample(ex) {
  const body = ex.endsWith('\n') ? ex : ex + '\n';
  const yaml = isYaml(ex);
  const sf = new E.SourceFile(yaml ? '/ws/example.com.yaml' : '/ws/example.com.zone', yaml ? body : HEAD + body);
  const zone = yaml ? E.parseOctodns(sf, { origin: 'example.com.' }) : E.parseZone(sf, { origin: 'example.com.' });
  const run = await E.lintZone(zone, { options: { dns: 'workspace' } });
  assert.deepEqual(run.ruleErrors, []);
  return { zone, yaml, findings: run.findings };
}

function applyFix(fix, file) {
  const edits = fix.edits.filter((e) => e.file.path === file.path).sort((a, b) => b.start - a.start);
  let t = file.text;
  for (const e of edits) t = t.slice(0, e.start) + e.newText + t.slice(e.end);
  return t;
}

const withExamples = E.allRules.filter((r) => r.docs.bad || r.docs.good);

test('most rules document a record that triggers them', () => {
  assert.ok(withExamples.length >= 60, `${withExamples.length} rules with examples`);
});

for (const rule of withExamples) {
  test(`${rule.id}: the documented examples and the fixes on them`, async () => {
    const { bad, good } = rule.docs;
    if (bad && !elided(bad)) {
      const r = await lintExample(bad);
      const mine = r.findings.filter((f) => f.rule === rule.id);
      assert.ok(mine.length > 0, `"${bad}" must trigger ${rule.id}; got ${r.findings.map((f) => f.rule).join(', ') || 'nothing'}`);
      for (const f of mine)
        for (const fix of f.fixes ?? []) {
          const text = applyFix(fix, r.zone.file);
          const after = await lintExample(r.yaml ? text : text.slice(HEAD.length));
          assert.deepEqual(after.zone.problems.map((p) => p.message), [], `fix "${fix.title}" leaves a record that parses`);
          assert.ok(after.findings.filter((x) => x.rule === rule.id).length < mine.length, `fix "${fix.title}" removes the finding:\n${text}`);
          const newErrors = after.findings.filter((x) => x.severity === 'error' && !r.findings.some((y) => y.rule === x.rule));
          assert.deepEqual(newErrors.map((x) => `${x.rule}: ${x.message}`), [], `fix "${fix.title}" brings no new error`);
        }
    }
    if (good && !elided(good) && !NEEDS_FILES.has(rule.id)) {
      const r = await lintExample(good);
      assert.deepEqual(r.findings.filter((f) => f.rule === rule.id).map((f) => f.message), [], `"${good}" must not trigger ${rule.id}`);
    }
  });
}
