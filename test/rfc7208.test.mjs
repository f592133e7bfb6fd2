// Conformance with the RFC 7208 test suite (openspf.org, release 2014.04):
// each scenario's zonedata becomes a zone file (the suite's `SPF` entries stand for TXT records
// unless the name has TXT too, then they stay type SPF; `TIMEOUT` names answer nothing), which is
// parsed and linted with the workspace resolver only. For every test whose expected result is
// permerror because of the records, an error-level spf/* finding must be on the chain of records
// the tested domain reaches (its SPF record and every include/redirect target, recursively).
// Tests where the suite allows permerror or another result are measured too; tests that expect
// another result are checked for false errors on the chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import YAML from 'yaml';
import * as E from '../dist/engine.js';

const SUITE = new URL('../../shared/corpora/rfc7208/test/rfc7208-tests.yml', import.meta.url);

/**
 * Required permerror tests not met, with the reason. Kept exact: the test fails when one of these
 * starts passing (update the list) or another one fails.
 */
const UNMET_REQUIRED = {};

/** Optional tests (permerror or another result is allowed) not flagged, with the reason. */
const UNMET_OPTIONAL = {
  'invalid-domain-long-via-macro': 'a:%{H}.bar: the over-long label only appears when the HELO name is expanded at evaluation time; the record itself is valid, and the suite also allows fail',
  multispf1: 'two identical SPF records in a zone file are one record: the server keeps one copy (RFC 2181 §5; the suite notes that DNS combines them and allows fail); mailzone reports zone/duplicate-record, not spf/multiple-records',
};

/**
 * Tests that expect a result other than permerror where mailzone still reports an error on the
 * chain, with the reason: the linter flags the worst case or a real publishing mistake that the
 * evaluator, for this one sender, tolerates.
 */
const FLAGGED_NON_PERMERROR = {
  nospace1: '"v=spf1" "mx" joins to `v=spf1mx`: receivers see no SPF record (result none); mailzone reports spf/version and spf/split-mangled, the mistake that made the policy disappear',
  nospace2: 'a TXT `v=spf10` beside the real record is ignored by receivers; mailzone reports it as spf/version (a misspelt version makes a policy invisible)',
  multispf2: 'the TXT record is `v=spf1 +all` (result pass for everyone); mailzone reports spf/plus-all',
  'all-double': '`v=spf1 all -all`: a bare `all` is `+all`, anyone passes; mailzone reports spf/plus-all',
  'include-softfail': 'e2.example.com ends in a bare `all` (+all); mailzone reports spf/plus-all',
  ...Object.fromEntries(
    ['cidr4-0', 'cidr6-0', 'cidr6-0-ip4', 'cidr6-ip4'].map((n) => [n, 'the tested record has `ip4:…/0` or `ip6:…/0`, a network of every address of the family, which passes every sender of that family like `+all`; mailzone reports spf/plus-all'])
  ),
  ...Object.fromEntries(
    ['a', 'mx'].flatMap((m) => ['nxdomain', 'cidr4-0', 'cidr4-0-ip6', 'cidr6-0-ip4', 'cidr6-0-ip4mapped', 'cidr6-0-ip6', 'cidr6-0-nxdomain'].map((c) => `${m}-${c}`)).map((n) => [
      n,
      'the tested record has `a/0`, `a//0`, `mx/0` or `mx//0`: every address of the family passes as soon as the name has one (here it may have none yet, so the suite expects fail), a latent `+all`; mailzone reports spf/plus-all',
    ]),
  ),
  'include-at-limit': 'the record needs 11 lookups in the worst case (a, include → 8 a, mx); the suite\'s sender matches ip4:1.2.3.4 before the 11th, every other sender gets permerror, so mailzone reports spf/too-many-lookups',
};

function zoneString(v) {
  let out = '"';
  for (const ch of String(v)) {
    const c = ch.codePointAt(0);
    if (c > 255) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\' + String(b).padStart(3, '0');
    } else if (c === 34 || c === 92) out += '\\' + ch;
    else if (c < 0x20 || c > 0x7e) out += '\\' + String(c).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

function ownerName(name) {
  let out = '';
  for (const ch of name) out += /[A-Za-z0-9._\-]/.test(ch) ? ch : '\\' + String(ch.charCodeAt(0) & 255).padStart(3, '0');
  return out.replace(/\.?$/, '.');
}

function hostName(h) {
  if (h === '' || h === '.') return '.';
  return ownerName(h);
}

/** Zone text for one scenario, and the names that never answer. */
export function scenarioZone(zonedata) {
  const lines = ['$ORIGIN .', '$TTL 300'];
  const timeouts = new Set();
  for (const [name, entries] of Object.entries(zonedata ?? {})) {
    const owner = ownerName(name);
    const hasTxt = entries.some((e) => typeof e === 'object' && e && 'TXT' in e);
    for (const e of entries) {
      if (e === 'TIMEOUT') {
        timeouts.add(name.toLowerCase().replace(/\.?$/, '.'));
        continue;
      }
      const [type, value] = Object.entries(e)[0];
      if (type === 'SPF' || type === 'TXT') {
        if (value === 'NONE') continue;
        const strings = Array.isArray(value) ? value : [value];
        const rr = type === 'SPF' && hasTxt ? 'SPF' : 'TXT';
        lines.push(`${owner} IN ${rr} ${strings.length ? strings.map(zoneString).join(' ') : '""'}`);
      } else if (type === 'MX') lines.push(`${owner} IN MX ${value[0]} ${hostName(value[1])}`);
      else if (type === 'A' || type === 'AAAA') lines.push(`${owner} IN ${type} ${value}`);
      else if (type === 'PTR' || type === 'CNAME') lines.push(`${owner} IN ${type} ${hostName(value)}`);
      else throw new Error(`unhandled zonedata type ${type}`);
    }
  }
  return { text: lines.join('\n') + '\n', timeouts };
}

class TimeoutResolver {
  constructor(inner, timeouts) {
    this.inner = inner;
    this.timeouts = timeouts;
  }
  async lookup(name, type) {
    const n = name.toLowerCase().replace(/\.?$/, '.');
    if (this.timeouts.has(n)) return { name: n, type, status: 'timeout', source: 'live', message: 'TIMEOUT in the test suite' };
    return this.inner.lookup(name, type);
  }
}

/** SPF-looking TXT records at the tested domain and every include/redirect target they reach. */
function chainRecords(ws, domain) {
  const out = new Set();
  const seen = new Set();
  const queue = [domain];
  while (queue.length) {
    const d = queue.shift();
    if (seen.has(d)) continue;
    seen.add(d);
    for (const r of ws.recordsAt(d, 'TXT')) {
      const text = (r.strings ?? []).map((s) => s.value).join('');
      if (!/^\s*v\s*=\s*spf/i.test(text)) continue;
      out.add(r);
      const p = E.parseSpfText(text);
      for (const t of p.terms) if ((t.name === 'include' || t.name === 'redirect') && t.domain) queue.push(t.domain);
    }
  }
  return [...out];
}

function testedDomain(t) {
  const mf = t.mailfrom ?? '';
  const d = mf.includes('@') ? mf.slice(mf.lastIndexOf('@') + 1) : t.helo;
  return d.toLowerCase().replace(/\.?$/, '.');
}

test('RFC 7208 test suite: permerror tests get an error-level spf/* finding on the chain', async () => {
  const docs = YAML.parseAllDocuments(fs.readFileSync(SUITE, 'latin1')).map((d) => d.toJS()).filter(Boolean);
  assert.equal(docs.length, 16, 'scenarios');
  const required = { met: [], unmet: {} };
  const optional = { met: [], unmet: {} };
  const flaggedOther = {};
  let totalTests = 0;
  let scenario = 0;
  for (const doc of docs) {
    scenario++;
    const { text, timeouts } = scenarioZone(doc.zonedata);
    const file = new E.SourceFile(`/rfc7208/scenario-${scenario}.zone`, text);
    const zone = E.parseZone(file, { origin: '.' });
    const ws = new E.Workspace();
    ws.set(zone);
    const resolver = new TimeoutResolver(new E.WorkspaceResolver(ws), timeouts);
    const run = await E.lintZone(zone, { workspace: ws, resolver, options: {} });
    assert.deepEqual(run.ruleErrors, [], `scenario ${doc.description}: no rule throws`);
    for (const [name, t] of Object.entries(doc.tests)) {
      totalTests++;
      const results = [].concat(t.result);
      const chain = chainRecords(ws, testedDomain(t));
      const errors = run.findings.filter(
        (f) => f.severity === 'error' && f.rule.startsWith('spf/') && chain.some((r) => r.file === f.file && f.start >= r.start && f.end <= r.end),
      );
      if (results.includes('permerror')) {
        const bucket = results.length === 1 ? required : optional;
        if (errors.length) { bucket.met.push(name); if (process.env.SHOW) console.log(name, [...new Set(errors.map((f) => f.rule))].join(",")); }
        else bucket.unmet[name] = `no error on ${chain.length} chain record(s) of ${testedDomain(t)}`;
      } else if (errors.length) {
        flaggedOther[name] = errors.map((f) => f.rule).join(', ');
      }
    }
  }
  const req = required.met.length + Object.keys(required.unmet).length;
  const opt = optional.met.length + Object.keys(optional.unmet).length;
  console.log(`# RFC 7208 suite: ${totalTests} tests; required permerror ${required.met.length}/${req} met (${((100 * required.met.length) / req).toFixed(1)}%); permerror-or-other ${optional.met.length}/${opt} flagged`);
  console.log(`# unmet required: ${JSON.stringify(required.unmet)}`);
  console.log(`# unmet optional: ${JSON.stringify(optional.unmet)}`);
  console.log(`# errors on tests that expect another result: ${JSON.stringify(flaggedOther)}`);
  assert.equal(totalTests, 203);
  assert.deepEqual(Object.keys(required.unmet).sort(), Object.keys(UNMET_REQUIRED).sort(), 'required permerror tests not met');
  assert.deepEqual(Object.keys(optional.unmet).sort(), Object.keys(UNMET_OPTIONAL).sort(), 'optional permerror tests not flagged');
  assert.deepEqual(Object.keys(flaggedOther).sort(), Object.keys(FLAGGED_NON_PERMERROR).sort(), 'tests expecting another result where mailzone reports an error on the chain');
});
