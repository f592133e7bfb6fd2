// Messages and ranges of SPF and DKIM findings that a reviewer found wrong or misleading: `all`
// glued to a term, zero-width ranges on multi-byte characters, the "could not count" hint when
// live DNS was on, the DKIM unknown-k= message, include targets of other zones, the all-qualifier
// rules on records only used through include:, and the severity of `v=SPF1`.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../dist/engine.js';
import { lintInWorkspace } from './helpers/zone.mjs';

const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN MX 10 ns1\n';

function zoneOf(text, { path = '/ws/example.com.zone', origin = 'example.com.' } = {}) {
  return E.parseZone(new E.SourceFile(path, text), { origin });
}

async function lint(body, { options, zones = [], resolver, head = HEAD } = {}) {
  return lintInWorkspace(zoneOf(head + body), { zones, resolver, options });
}

const of = (findings, rule) => findings.filter((f) => f.rule === rule);
const rules = (r, prefix = 'spf/') => r.findings.filter((f) => f.rule.startsWith(prefix)).map((f) => f.rule).sort();

/** The one finding of `rule`, whose range must be exactly `slice` (first occurrence after HEAD). */
function one(r, rule, slice) {
  const fs = of(r.findings, rule);
  assert.equal(fs.length, 1, `${rule}: expected one finding, got ${fs.map((f) => f.message).join(' | ') || 'none'}`);
  const f = fs[0];
  assert.equal(r.text.slice(f.start, f.end), slice, `${rule}: range text`);
  assert.equal(f.start, r.text.indexOf(slice, HEAD.length), `${rule}: start offset`);
  return f;
}

describe('all glued to a term', () => {
  test('ip4/ip6 with a glued -all: spf/syntax on the `-all` (add a space), no invalid-ip, no no-all', async () => {
    for (const [term, glue] of [
      ['ip4:192.0.2.1-all', '-all'],
      ['ip4:192.0.2.0/24~all', '~all'],
      ['ip6:2001:db8::1?all', '?all'],
      ['ip4:192.0.2.1+all', '+all'],
    ]) {
      const r = await lint(`@ IN TXT "v=spf1 ${term}"\n`);
      assert.deepEqual(rules(r), ['spf/syntax'], term);
      const f = one(r, 'spf/syntax', glue);
      assert.match(f.message, new RegExp(`\`${glue.replace(/[+?]/g, '\\$&')}\` is glued to the (address|prefix length) \\(a missing space\\?\\)`));
      assert.match(f.message, new RegExp(`Put a space before \`${glue.replace(/[+?]/g, '\\$&')}\``));
    }
  });

  test('a glued `all` after a prefix length of a/mx, and a bare mx-all: no spurious no-all', async () => {
    let r = await lint('@ IN TXT "v=spf1 a:mail.example.com/24-all"\n');
    assert.deepEqual(rules(r), ['spf/syntax']);
    assert.match(one(r, 'spf/syntax', '-all').message, /glued to the prefix length .* `\/24-all` is not a prefix length/);
    r = await lint('@ IN TXT "v=spf1 mx-all"\n');
    assert.deepEqual(rules(r), ['spf/syntax']);
  });

  test('the address before a glued all is still checked', async () => {
    const r = await lint('@ IN TXT "v=spf1 ip4:192.0.2-all"\n');
    assert.deepEqual(rules(r), ['spf/invalid-ip', 'spf/syntax']);
    one(r, 'spf/invalid-ip', '192.0.2');
  });

  test('include:…-all: the name as written is valid and most likely does not exist (not "the domain is invalid")', async () => {
    const r = await lint('@ IN TXT "v=spf1 include:_spf.example.com-all"\n_spf IN TXT "v=spf1 ip4:192.0.2.0/24 -all"\n');
    const f = one(r, 'spf/syntax', '-all');
    assert.doesNotMatch(f.message, /domain is invalid/);
    assert.match(f.message, /receivers look up the name `_spf\.example\.com-all`, which most likely does not exist/);
    assert.match(f.message, /permerror \(RFC 7208 §5\.2\)\. Put a space before `-all`\./);
    assert.deepEqual(of(r.findings, 'spf/no-all'), []);
  });

  test('include:…~all: `~` is not allowed in a top-level label, so that domain is invalid', async () => {
    const r = await lint('@ IN TXT "v=spf1 include:_spf.example.com~all"\n');
    const f = one(r, 'spf/syntax', '~all');
    assert.match(f.message, /`_spf\.example\.com~all` is not a valid domain .* permerror/);
  });

  test('a name that merely ends in "all" is not glued', async () => {
    const r = await lint('@ IN TXT "v=spf1 include:spf.example.ball a:all.example.com -all"\n');
    assert.deepEqual(of(r.findings, 'spf/syntax'), []);
  });
});

describe('ranges', () => {
  test('a non-ASCII character in a term: the range covers the whole character, not zero width', async () => {
    const r = await lint('@ IN TXT "v=spf1 exp=é.example.com -all"\n');
    const f = one(r, 'spf/syntax', 'é');
    assert.ok(f.end > f.start);
    assert.match(f.message, /non-ASCII character \(bytes \\195\\169\)/);
  });
});

describe('spf/too-many-lookups: what to do about names that could not be resolved', () => {
  const body = '@ IN TXT "v=spf1 include:_spf.elsewhere.example -all"\n';
  test('lookups off: allow live DNS', async () => {
    const r = await lint(body, { options: { dns: 'workspace' } });
    const f = of(r.findings, 'spf/too-many-lookups')[0];
    assert.match(f.message, /Allow live DNS \(setting `mailzone\.dns\.lookups`: `live`, or the CLI without `--offline`\) to check it\./);
  });

  test('live DNS on and the server timed out: say so, check the resolver and retry; never "allow live DNS"', async () => {
    const resolver = {
      lookup: async (name, type) => ({ name, type, status: 'timeout', source: 'live', message: 'timed out' }),
    };
    const r = await lint(body, { options: { dns: 'live' }, resolver });
    const f = of(r.findings, 'spf/too-many-lookups')[0];
    assert.ok(f, 'the lower-bound note');
    assert.doesNotMatch(f.message, /Allow live DNS|without `--offline`/);
    assert.match(f.message, /Live DNS lookups were on, but the DNS server gave no usable answer for this name \(timed out\): check that the server answers .* and lint again; a slow server may need a longer timeout/);
  });
});

describe('dkim/invalid-key', () => {
  const ED_RAW = 'yb2/dpLA0mdRqsql1sdcbU5Jsz75OFYMOT5LWVY8aNA=';
  test('unknown k=: the consequence is said once, and the fix names the k= the key needs', async () => {
    const r = await lint(`k._domainkey IN TXT "v=DKIM1; k=foo; p=${ED_RAW}"\n`);
    const f = one(r, 'dkim/invalid-key', ED_RAW);
    assert.equal(f.message.match(/cannot use/g).length, 1, f.message);
    assert.match(f.message, /^Selector "k": k=foo is not a DKIM key type \(rsa or ed25519\), so verifiers cannot use the key and every signature fails \(RFC 6376 §6\.1\.2\)\. p= holds a raw 32-byte Ed25519 key: write k=ed25519\.$/);
    const fix = f.fixes.find((x) => x.title === 'Change to k=ed25519');
    assert.ok(fix);
    let t = r.text;
    for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) t = t.slice(0, e.start) + e.newText + t.slice(e.end);
    assert.ok(t.includes(`"v=DKIM1; k=ed25519; p=${ED_RAW}"`));
  });
});

describe('spf/version', () => {
  test('v=SPF1 is a warning, not an error: RFC 7208 §12 and RFC 5234 §2.3 make the literal case-insensitive (the catalog lists it as an error)', async () => {
    const r = await lint('@ IN TXT "v=SPF1 mx -all"\n');
    const f = one(r, 'spf/version', 'v=SPF1');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /valid, since RFC 7208 §12 makes it case-insensitive/);
    assert.match(f.message, /Write `v=spf1`\.$/);
    const e = one(await lint('@ IN TXT "v=spf1.0 mx -all"\n'), 'spf/version', 'v=spf1.0');
    assert.equal(e.severity, 'error');
  });
});

describe('include targets of the workspace', () => {
  const PROV = '$ORIGIN spfprov.net.\n$TTL 3600\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1.example.org.\n@ IN TXT "v=spf1 ip4:198.51.100.0/24 -all"\n';
  const cust = (spf) => zoneOf(`$ORIGIN cust.com.\n$TTL 3600\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1.example.org.\n@ IN MX 10 mx.example.org.\n@ IN TXT "${spf}"\n`, { path: '/ws/cust.com.zone', origin: 'cust.com.' });
  const prov = () => zoneOf(PROV, { path: '/ws/spfprov.net.zone', origin: 'spfprov.net.' });

  test('spf/non-mail-domain: a name another zone of the workspace includes is a policy fragment, not told to become v=spf1 -all', async () => {
    for (const [spf, exempt] of [
      ['v=spf1 include:spfprov.net -all', true],
      ['v=spf1 redirect=spfprov.net', true],
      ['v=spf1 ip4:192.0.2.1 -all', false],
    ]) {
      const p = prov();
      const ws = new E.Workspace();
      ws.set(p);
      ws.set(cust(spf));
      const run = await E.lintZone(p, { workspace: ws });
      assert.equal(of(run.findings, 'spf/non-mail-domain').length, exempt ? 0 : 1, spf);
    }
  });

  test('spf/non-mail-domain, incremental: re-checked when the including record of the other zone changes', async () => {
    const p = prov();
    const ws = new E.Workspace();
    ws.set(p);
    ws.set(cust('v=spf1 include:spfprov.net -all'));
    const linter = new E.IncrementalLinter();
    let run = await linter.lint(p, { workspace: ws, dependencyKey: String(ws.generation) });
    assert.equal(of(run.findings, 'spf/non-mail-domain').length, 0);
    ws.set(cust('v=spf1 ip4:192.0.2.1 -all'));
    run = await linter.lint(p, { workspace: ws, dependencyKey: String(ws.generation) });
    assert.equal(of(run.findings, 'spf/non-mail-domain').length, 1);
    ws.set(cust('v=spf1 include:spfprov.net -all'));
    run = await linter.lint(p, { workspace: ws, dependencyKey: String(ws.generation) });
    assert.equal(of(run.findings, 'spf/non-mail-domain').length, 0);
  });

  const R8 = '@ IN TXT "v=spf1 include:_spf1.example.com include:_spf2.example.com include:_spf3.example.com -all"\n_spf1 IN TXT "v=spf1 ip4:192.0.2.0/24"\n_spf2 IN TXT "v=spf1 ip4:198.51.100.0/24 ~all"\n_spf3 IN TXT "v=spf1 ip4:203.0.113.0/24 ?all"\n';
  test('all-qualifier rules stay quiet on records only used through include: (RFC 7208 §5.2: not match)', async () => {
    const r = await lint(R8);
    assert.deepEqual(rules(r).filter((x) => /all$/.test(x)), []);
  });

  test('…but report them when the fragment is also a redirect target, a mail domain, or included by nothing', async () => {
    // redirect= uses the target's result, `~all` included.
    let r = await lint('@ IN TXT "v=spf1 redirect=_spf2.example.com"\n_spf2 IN TXT "v=spf1 ip4:198.51.100.0/24 ~all"\n');
    one(r, 'spf/soft-all', '~all');
    // A name with an MX receives (and sends) mail: its own all matters.
    r = await lint('@ IN TXT "v=spf1 include:mail.example.com -all"\nmail IN MX 10 ns1\nmail IN TXT "v=spf1 ip4:198.51.100.0/24 ?all"\n');
    one(r, 'spf/neutral-all', '?all');
    r = await lint('_spf1 IN TXT "v=spf1 ip4:192.0.2.0/24"\n');
    assert.equal(of(r.findings, 'spf/no-all').length, 1);
  });

  test('all-qualifier rules, incremental: an include turned into a redirect in the same zone brings the finding back', async () => {
    const text = (apex) => HEAD + `@ IN TXT "${apex}"\n_spf2 IN TXT "v=spf1 ip4:198.51.100.0/24 ~all"\n`;
    const linter = new E.IncrementalLinter();
    let z = zoneOf(text('v=spf1 include:_spf2.example.com -all'));
    let run = await linter.lint(z, { options: { dns: 'off' } });
    assert.equal(of(run.findings, 'spf/soft-all').length, 0);
    const before = text('v=spf1 include:_spf2.example.com -all');
    const after = text('v=spf1 redirect=_spf2.example.com');
    const at = before.indexOf('include:_spf2.example.com -all');
    z = E.reparseZone(z, new E.SourceFile('/ws/example.com.zone', after), { start: at, end: at + 'include:_spf2.example.com -all'.length, newLength: 'redirect=_spf2.example.com'.length });
    run = await linter.lint(z, { options: { dns: 'off' } });
    assert.equal(of(run.findings, 'spf/soft-all').length, 1);
    const full = await E.lintZone(z, { options: { dns: 'off' } });
    assert.deepEqual(of(run.findings, 'spf/soft-all').map((f) => f.message), of(full.findings, 'spf/soft-all').map((f) => f.message));
  });
});
