// The same zone as a BIND file and as octoDNS YAML gives the same email findings: same rule IDs on
// the equivalent records, on the same text (issue 3). Fixtures: test/fixtures/octodns/equiv/.
// The YAML spells values in several styles (plain, single- and double-quoted, folded block, `\;`
// escapes) so the findings also prove the escape-aware source maps.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SourceFile, detectKind, readDocument, lintZone, ruleById } from '../dist/engine.js';

const dir = fileURLToPath(new URL('./fixtures/octodns/equiv/', import.meta.url));
const EMAIL = /^(spf|dmarc|dkim|mta-sts|tlsrpt|bimi|dane|mx)\//;

async function findings(name) {
  const p = dir + name;
  const text = fs.readFileSync(p, 'utf8');
  const file = new SourceFile(p, text);
  const zone = readDocument(file, detectKind(p, text));
  assert.ok(zone, name);
  const run = await lintZone(zone, { options: { dns: 'off' } });
  assert.deepEqual(run.ruleErrors, [], name);
  const out = [];
  for (const f of run.findings) {
    if (!EMAIL.test(f.rule)) continue;
    // The record the finding is on: the smallest record span containing it.
    const recs = zone.records.filter((r) => r.file === f.file && r.start <= f.start && f.start <= r.end);
    assert.ok(recs.length, `${name}: ${f.rule} is on a record`);
    const rec = recs.sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    const written = f.file.text.slice(f.start, f.end).replace(/^"(.*)"$/s, '$1');
    out.push(`${f.rule} | ${rec.owner} ${rec.type} | ${written}`);
  }
  return { zone, run, keys: out.sort() };
}

test('BIND and octoDNS YAML of one zone: the same email findings on the equivalent records', async () => {
  const bind = await findings('example.com.zone');
  const octo = await findings('example.com.yaml');
  assert.equal(bind.zone.format, 'zone');
  assert.equal(octo.zone.format, 'octodns');
  // One difference, by design: octoDNS refuses a relative CNAME target outright, so in YAML that
  // problem is octodns/syntax (with the add-the-dot fix) and dkim/m365-cname does not repeat it on
  // the same span; in the zone file the Microsoft rule reports it.
  const relative = 'dkim/m365-cname | selector1._domainkey.example.com. CNAME | selector1-example-com._domainkey.contoso.onmicrosoft.com';
  assert.ok(bind.keys.includes(relative));
  assert.deepEqual(octo.keys, bind.keys.filter((k) => k !== relative));
  const syn = octo.run.findings.filter((f) => f.rule === 'octodns/syntax');
  assert.deepEqual(syn.map((f) => octo.zone.file.text.slice(f.start, f.end)), ['selector1-example-com._domainkey.contoso.onmicrosoft.com']);
  // What the zone holds, so the comparison cannot pass on two empty lists.
  for (const id of ['spf/soft-all', 'spf/neutral-all', 'dmarc/p-none', 'dmarc/pct-with-none', 'dmarc/sp-weaker', 'dkim/m365-cname']) {
    assert.ok(ruleById(id), `${id} is registered`);
  }
  const expected = [
    'dmarc/p-none | _dmarc.example.com. TXT | p=none',
    'dmarc/pct-with-none | _dmarc.example.com. TXT | pct=50',
    'dmarc/sp-weaker | _dmarc.news.example.com. TXT | sp=none',
    'spf/neutral-all | news.example.com. TXT | ?all',
    'spf/soft-all | example.com. TXT | ~all',
  ];
  for (const k of expected) assert.ok(octo.keys.includes(k), `octoDNS: ${k}\n${octo.keys.join('\n')}`);
  for (const k of [...expected, relative]) assert.ok(bind.keys.includes(k), `BIND: ${k}\n${bind.keys.join('\n')}`);
  // The selector2 CNAME has its trailing dot in both: no finding there.
  assert.ok(!octo.keys.some((k) => k.includes('selector2')));
});

test('the CNAME without a trailing dot: octoDNS also refuses it (octodns/syntax); both readings append the origin', async () => {
  const bind = await findings('example.com.zone');
  const octo = await findings('example.com.yaml');
  const target = 'selector1-example-com._domainkey.contoso.onmicrosoft.com';
  const syn = octo.run.findings.filter((f) => f.rule === 'octodns/syntax');
  assert.equal(syn.length, 1);
  assert.equal(octo.zone.file.text.slice(syn[0].start, syn[0].end), target);
  assert.match(syn[0].message, /missing trailing \./);
  // Both read the target the same way: the origin appended (what a zone file means by it).
  const t = (z) => z.records.find((r) => r.owner === 'selector1._domainkey.example.com.').target;
  assert.equal(t(octo.zone), t(bind.zone));
  assert.equal(t(octo.zone), target + '.example.com.');
});
