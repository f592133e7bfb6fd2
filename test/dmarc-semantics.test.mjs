// What DMARC records mean to receivers (RFC 9989, with RFC 7489 where it still matters): the hover
// summaries and tag docs, and the DMARC/BIMI rules whose messages describe receiver behaviour.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';
import { applied, of } from './helpers/findings.mjs';

const { SourceFile, Workspace, parseZone, lintZone, featureProviders } = engine;

const head = (origin) => `$ORIGIN ${origin}\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n`;

function zoneOf(body, origin = 'example.com.') {
  const zone = parseZone(new SourceFile(`/ws/${origin}zone`, head(origin) + body), { origin });
  assert.deepEqual(zone.problems, [], 'the test zone must parse cleanly');
  return zone;
}

async function lint(body, origin) {
  const zone = zoneOf(body, origin);
  const workspace = new Workspace();
  workspace.set(zone);
  const run = await lintZone(zone, { workspace });
  assert.deepEqual(run.ruleErrors, [], 'no rule may throw');
  return { zone, text: zone.file.text, findings: run.findings };
}

/** The hover at the first `needle` (+delta) of the record owned by `owner`. */
async function hover(zone, owner, needle, delta = 1) {
  const rec = zone.records.find((r) => r.owner === owner && r.type === 'TXT');
  assert.ok(rec, `no TXT record at ${owner}`);
  const ctx = { zone, workspace: new Workspace(), options: {} };
  const at = zone.file.text.indexOf(needle, rec.start) + delta;
  for (const p of featureProviders) {
    const h = await p.hover?.(rec, at, ctx);
    if (h) return h.markdown;
  }
  assert.fail(`no hover at ${needle}`);
}

/** The hover section of one tag (the part whose first line names it). */
const section = (md, name) => md.split('\n---\n').map((x) => x.trim()).find((x) => x.startsWith(`**${name}**`));

test('hover on p: RECOMMENDED, not "(required)"; a record without p but with a valid rua acts as p=none', async () => {
  const zone = zoneOf('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  const md = section(await hover(zone, '_dmarc.example.com.', 'p=reject'), 'p');
  assert.doesNotMatch(md, /\(required\)/);
  assert.match(md.split('\n')[0], /^\*\*p\*\* — Policy \(recommended\)$/);
  assert.match(md, /RECOMMENDED/);
  assert.match(md, /Default: `none` when the record has a valid `rua=`/);
});

// ---- invalid p / sp / np: RFC 9989 §4.10.1 (and RFC 7489 §6.6.3) ------------------------------------

test('an invalid sp or np disables the whole policy: p=none with a valid rua, the record ignored without one (hover and dmarc/invalid-value)', async () => {
  const body = '_dmarc IN TXT "v=DMARC1; p=reject; sp=rejct; rua=mailto:d@example.com"\nb IN MX 10 mail\n_dmarc.b IN TXT "v=DMARC1; p=quarantine; np=bogus"\n';
  const r = await lint(body);
  const top = await hover(r.zone, '_dmarc.example.com.', '_dmarc');
  assert.doesNotMatch(top, /Receivers reject|Subdomains: reject/);
  assert.match(top, /`sp=rejct` is not a valid policy .* receivers act as if the record said only `p=none` \(RFC 9989 §4\.10\.1\): they deliver mail from example\.com that fails DMARC as usual/);
  const b = await hover(r.zone, '_dmarc.b.example.com.', '_dmarc');
  assert.doesNotMatch(b, /Receivers quarantine/);
  assert.match(b, /`np=bogus` is not a valid policy .* no valid `rua=`, so receivers ignore this whole record/);
  const msgs = of(r.findings, 'dmarc/invalid-value').map((f) => f.message);
  assert.equal(msgs.length, 2, msgs.join(' | '));
  assert.match(msgs[0], /^"sp=rejct" is not valid: .* receivers act as if the whole record said only p=none \(RFC 9989 §4\.10\.1\): nothing is enforced/);
  assert.match(msgs[1], /^"np=bogus" is not valid: .* receivers ignore the whole record/);
  for (const m of msgs) assert.doesNotMatch(m, /use the default/);
});

test('an invalid p with a valid rua: hover and message say p=none for the domain and its subdomains; adkim=x still falls back to its default', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=rejected; sp=reject; adkim=x; rua=mailto:d@example.com"\n');
  const md = await hover(r.zone, '_dmarc.example.com.', '_dmarc');
  assert.match(md, /`p=rejected` is not a valid policy/);
  assert.doesNotMatch(md, /Subdomains: reject/);
  const msgs = of(r.findings, 'dmarc/invalid-value').map((f) => f.message);
  assert.match(msgs.find((m) => m.startsWith('"p=')), /act as if the whole record said only p=none/);
  assert.match(msgs.find((m) => m.startsWith('"adkim=')), /receivers ignore it and use the default/);
});

// ---- t=y: one level lower for p, sp and np (RFC 9989 §4.7) ---------------------------------------------

test('t=y lowers p, sp and np one level in the hover summary (none stays none)', async () => {
  let zone = zoneOf('_dmarc IN TXT "v=DMARC1; p=reject; t=y; sp=reject; np=reject; rua=mailto:d@example.com"\n');
  let md = await hover(zone, '_dmarc.example.com.', '_dmarc');
  assert.match(md, /Receivers quarantine \(spam folder\) mail from example\.com that fails DMARC — `p=reject`, applied one level lower because `t=y`/);
  assert.match(md, /Subdomains: quarantine \(sp=reject, one level lower because of `t=y`\)\./);
  assert.match(md, /Non-existent subdomains: quarantine \(np=reject, one level lower because of `t=y`\)\./);
  assert.doesNotMatch(md, /Subdomains: reject|subdomains: reject/);
  zone = zoneOf('_dmarc IN TXT "v=DMARC1; p=quarantine; t=y; sp=none; rua=mailto:d@example.com"\n');
  md = await hover(zone, '_dmarc.example.com.', '_dmarc');
  assert.match(md, /Receivers deliver mail from example\.com that fails DMARC as usual \(monitoring only\) — `p=quarantine`, applied one level lower/);
  assert.match(md, /Subdomains: none\./);
  assert.match(md, /Non-existent subdomains: none\./);
});

// ---- sp / np below the organizational domain (RFC 9989 §4.10) -------------------------------------------

const ORG_AND_SHOP =
  '_dmarc IN TXT "v=DMARC1; p=reject; sp=reject; rua=mailto:d@org.example"\nshop IN MX 10 mail\nmail IN A 192.0.2.25\n' +
  '_dmarc.shop IN TXT "v=DMARC1; p=reject; sp=none; rua=mailto:d@org.example"\n';

test('sp on a record below the organizational domain applies to its own subdomains (RFC 9989 tree walk finds it first): hover and dmarc/sp-weaker say so', async () => {
  const r = await lint(ORG_AND_SHOP, 'org.example.');
  const md = await hover(r.zone, '_dmarc.shop.org.example.', '_dmarc');
  assert.match(md, /Receivers reject mail from shop\.org\.example that fails DMARC\./);
  assert.match(md, /Subdomains: none\./);
  assert.match(md, /RFC 9989 receivers find this record first \(tree walk, §4\.10\.1\) and apply its `sp`\/`np`; receivers still on RFC 7489 use the organizational domain's record \(org\.example\) instead\./);
  const sw = of(r.findings, 'dmarc/sp-weaker');
  assert.equal(sw.length, 1, sw.map((f) => f.message).join(' | '));
  assert.match(sw[0].message, /^sp=none is weaker than p=reject: mail from subdomains of shop\.org\.example/);
  // At the organizational domain: no RFC 7489 note.
  const top = await lint('_dmarc IN TXT "v=DMARC1; p=reject; sp=none; rua=mailto:d@org.example"\n', 'org.example.');
  assert.equal(of(top.findings, 'dmarc/sp-weaker').length, 1);
  const topMd = await hover(top.zone, '_dmarc.org.example.', '_dmarc');
  assert.match(topMd, /Subdomains: none\./);
  assert.doesNotMatch(topMd, /RFC 7489/);
});

test('policy discovery walks up from a name to the first DMARC record, skipping to four labels from five or more (RFC 9989 §4.10)', async () => {
  const { inheritedPolicy, nextInWalk } = engine;
  assert.equal(nextInWalk('a.b.c.d.example.com.'), 'c.d.example.com.');
  assert.equal(nextInWalk('b.c.d.example.com.'), 'c.d.example.com.');
  assert.equal(nextInWalk('c.d.example.com.'), 'd.example.com.');
  const records = { '_dmarc.shop.example.com.': 'v=DMARC1; p=reject; sp=none', '_dmarc.example.com.': 'v=DMARC1; p=reject; sp=reject' };
  const zone = zoneOf(Object.entries(records).map(([n, t]) => `${n} IN TXT "${t}"`).join('\n') + '\n');
  const look = { txt: (n) => zone.records.filter((r) => r.owner === n && r.type === 'TXT'), known: () => true };
  const found = (start) => {
    const inh = inheritedPolicy(start, look);
    return inh.kind === 'found' ? inh.domain : inh.kind;
  };
  assert.equal(found('x.shop.example.com.'), 'shop.example.com.');
  assert.equal(found('shop.example.com.'), 'shop.example.com.');
  assert.equal(found('www.example.com.'), 'example.com.');
  assert.equal(found('other.test.'), 'none');
});

// ---- tag docs: removed tags, psd completion ---------------------------------------------------------------

test('hover on the removed tags pct, rf, ri gives RFC 7489 defaults and says RFC 9989 removed them', async () => {
  const zone = zoneOf('_dmarc IN TXT "v=DMARC1; p=reject; pct=100; rf=afrf; ri=86400; rua=mailto:d@example.com"\n');
  const want = { pct: '`100` (RFC 7489)', rf: '`afrf` (RFC 7489)', ri: '`86400` (one day, RFC 7489)' };
  for (const [tag, def] of Object.entries(want)) {
    const md = section(await hover(zone, '_dmarc.example.com.', `${tag}=`), tag);
    assert.match(md, /\(removed\)/, tag);
    assert.ok(md.includes(`Default: ${def}`), `${tag}: ${md}`);
    assert.match(md, new RegExp(`RFC 9989 removed \`${tag}\``));
  }
});

test('completing the psd tag name inserts psd=n, not psd=y (which declares a public suffix)', () => {
  const zone = zoneOf('_dmarc IN TXT "v=DMARC1; p=none; "\n');
  const text = zone.file.text;
  const rec = zone.records.find((r) => r.owner === '_dmarc.example.com.');
  const ctx = { zone, workspace: new Workspace(), options: {} };
  const items = featureProviders.map((p) => p.complete?.(rec, text.indexOf('p=none; ') + 8, ctx)).find((x) => x);
  const psd = items.find((c) => c.label === 'psd');
  assert.equal(psd.insertText, 'psd=n');
});

// ---- dmarc/missing-record: SPF include targets of any zone of the workspace ---------------------------

test('dmarc/missing-record: a name that another zone of the workspace includes (or redirects to) in SPF is a policy fragment, not told to publish DMARC', async () => {
  // spfprov.example publishes an SPF policy its customers include; it has no MX and sends no mail
  // with its own From:. The customer's zone is another file of the workspace.
  const prov = zoneOf('@ IN TXT "v=spf1 ip4:198.51.100.0/24 -all"\nrelay IN TXT "v=spf1 ip4:203.0.113.0/24 -all"\n', 'spfprov.example.');
  const missing = async (custSpf, provZone = prov) => {
    const workspace = new Workspace();
    workspace.set(provZone);
    workspace.set(zoneOf(`@ IN MX 10 mx.example.org.\n@ IN TXT "${custSpf}"\n_dmarc IN TXT "v=DMARC1; p=reject"\n`, 'cust.example.'));
    const run = await lintZone(provZone, { workspace });
    assert.deepEqual(run.ruleErrors, []);
    return of(run.findings, 'dmarc/missing-record').map((f) => f.message.split(' ')[0]).sort();
  };
  assert.deepEqual(await missing('v=spf1 include:spfprov.example -all'), ['relay.spfprov.example']);
  assert.deepEqual(await missing('v=spf1 include:spfprov.example include:relay.spfprov.example. -all'), []);
  assert.deepEqual(await missing('v=spf1 redirect=spfprov.example'), ['relay.spfprov.example']);
  // Twins: included by nothing, both reported; a target that has an MX receives mail and needs DMARC.
  assert.deepEqual(await missing('v=spf1 ip4:192.0.2.1 -all'), ['relay.spfprov.example', 'spfprov.example']);
  const withMx = zoneOf('@ IN MX 10 mx.example.org.\n@ IN TXT "v=spf1 ip4:198.51.100.0/24 -all"\n', 'spfprov.example.');
  assert.deepEqual(await missing('v=spf1 include:spfprov.example -all', withMx), ['spfprov.example']);
});

// ---- dmarc/non-mail-domain ------------------------------------------------------------------------------

test('dmarc/non-mail-domain says what quarantine and none do: spam folder, delivered as usual (not "let through" for quarantine)', async () => {
  let r = await lint('@ IN MX 0 .\n@ IN TXT "v=spf1 -all"\n_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.com"\n');
  let [f] = of(r.findings, 'dmarc/non-mail-domain');
  assert.match(f.message, /^example\.com has a null MX \(it takes no mail\), yet its DMARC is p=quarantine: receivers put mail that spoofs it in the spam folder instead of rejecting it\. .*set p=reject\.$/);
  assert.doesNotMatch(f.message, /let through/);
  r = await lint('@ IN MX 0 .\n@ IN TXT "v=spf1 -all"\n_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@example.com"\n');
  [f] = of(r.findings, 'dmarc/non-mail-domain');
  assert.match(f.message, /yet its DMARC is p=none: receivers deliver mail that spoofs it as usual \(monitoring only\)/);
});

test('dmarc/non-mail-domain counts an inherited policy: a null-MX subdomain without _dmarc gets the parent record\'s sp (else p)', async () => {
  const base = '@ IN MX 10 mail\nmail IN A 192.0.2.1\n@ IN TXT "v=spf1 mx -all"\nstatic IN MX 0 .\nstatic IN TXT "v=spf1 -all"\n';
  const r = await lint(base + '_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.com"\n');
  const fs = of(r.findings, 'dmarc/non-mail-domain');
  assert.equal(fs.length, 1, fs.map((f) => f.message).join(' | '));
  const f = fs[0];
  assert.equal(r.text.slice(f.start, f.end), 'static');
  assert.equal(f.start, r.text.indexOf('static IN MX 0 .'));
  assert.match(f.message, /^static\.example\.com has a null MX \(it takes no mail\) and no DMARC record of its own, so it gets the subdomain policy of example\.com's record \(no sp=, so its p=quarantine\): receivers put mail that spoofs it in the spam folder/);
  assert.equal(f.related[0].start, r.text.indexOf('_dmarc IN TXT'));
  assert.match(applied(f.fixes[0], r.zone.file), /static IN MX 0 \.\n_dmarc\.static IN TXT "v=DMARC1; p=reject;"\n/);
  const weak = await lint(base + '_dmarc IN TXT "v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com"\n');
  assert.match(of(weak.findings, 'dmarc/non-mail-domain')[0].message, /\(sp=none\): receivers deliver mail that spoofs it as usual/);
  // Twins: sp=reject inherited (np does not matter: the name exists); the null-MX name's own record.
  for (const dm of ['_dmarc IN TXT "v=DMARC1; p=none; sp=reject; rua=mailto:d@example.com"\n', '_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.com"\n_dmarc.static IN TXT "v=DMARC1; p=reject"\n'])
    assert.deepEqual(of((await lint(base + dm)).findings, 'dmarc/non-mail-domain').map((x) => x.message), []);
});

// ---- bimi/syntax: the draft's tags, unknown tags ignored ------------------------------------------------

const DMARC_REJECT = '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n';

test('bimi/syntax accepts lps= and avp= (draft §4.3); an unknown tag is a warning that says receivers ignore it, s= included, with a rename for a typo', async () => {
  for (const rec of ['default._bimi IN TXT "v=BIMI1; l=; a=; lps=true;"\n', 'brand._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg; avp=personal"\n'])
    assert.deepEqual(of((await lint(DMARC_REJECT + rec)).findings, 'bimi/syntax').map((f) => f.message), []);
  let r = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg; s=foo; x=1"\n');
  let fs = of(r.findings, 'bimi/syntax');
  assert.deepEqual(fs.map((f) => [r.text.slice(f.start, f.end), f.severity]), [['s', 'warning'], ['x', 'warning']]);
  assert.match(fs[0].message, /^s= names a selector in the BIMI-Selector header .* receivers ignore it/);
  assert.match(fs[1].message, /^"x" is not a BIMI tag, so receivers ignore it; did you mean "a="\?$/);
  for (const f of fs) assert.doesNotMatch(f.message, /show no logo/);
  r = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; I=https://example.com/logo.svg"\n');
  fs = of(r.findings, 'bimi/syntax');
  assert.equal(fs.length, 2, fs.map((f) => f.message).join(' | '));
  assert.equal(fs[0].severity, 'error');
  assert.match(fs[0].message, /there is no l= \(logo\) tag\. Mail clients ignore it and show no logo/);
  assert.match(fs[1].message, /^"I" is not a BIMI tag, so receivers ignore it; did you mean "l="\?/);
  assert.match(applied(fs[1].fixes[0], r.zone.file), /"v=BIMI1; l=https:/);
  r = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; 1=https://example.com/logo.svg"\n');
  [fs] = [of(r.findings, 'bimi/syntax')];
  assert.match(fs[0].message, /"1" is not a valid tag name .* did you mean "l="\?; there is no l= \(logo\) tag/);
  r = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg; avp=Personal"\n');
  fs = of(r.findings, 'bimi/syntax');
  assert.deepEqual(fs.map((f) => [r.text.slice(f.start, f.end), f.severity]), [['Personal', 'warning']]);
  assert.match(fs[0].message, /receivers ignore the avatar preference/);
});

test('BIMI hover and completion know lps and avp, and no longer offer s=', async () => {
  const zone = zoneOf(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg; avp=brand; lps=ceo; "\n');
  assert.match(section(await hover(zone, 'default._bimi.example.com.', 'avp='), 'avp'), /Avatar preference[\s\S]*Here: `brand`/);
  assert.match(section(await hover(zone, 'default._bimi.example.com.', 'lps='), 'lps'), /Local-part selectors/);
  const rec = zone.records.find((r) => r.owner === 'default._bimi.example.com.');
  const text = zone.file.text;
  const ctx = { zone, workspace: new Workspace(), options: {} };
  const at = text.indexOf('lps=ceo; ') + 'lps=ceo; '.length;
  const names = featureProviders.map((p) => p.complete?.(rec, at, ctx)).find((x) => x).map((c) => c.label);
  assert.ok(!names.includes('s') && names.includes('a'), names.join());
  const vals = featureProviders.map((p) => p.complete?.(rec, text.indexOf('avp=') + 4, ctx)).find((x) => x).map((c) => c.label);
  assert.deepEqual(vals, ['brand', 'personal']);
});

test('A verification token at _dmarc beside the DMARC record is discarded by receivers and not reported; alone, or one that tries to be DMARC, still is', async () => {
  const dmarc = '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n';
  const token = '_dmarc IN TXT "google-site-verification=abc123"\n_dmarc IN TXT "hello world"\n';
  const beside = await lint('@ IN MX 10 ns1\n' + dmarc + token);
  assert.deepEqual(beside.findings.filter((f) => f.rule.startsWith('dmarc/')).map((f) => f.rule), []);
  // Alone: the domain has no DMARC record, which dmarc/version says.
  const alone = await lint('@ IN MX 10 ns1\n_dmarc IN TXT "google-site-verification=abc123"\n');
  assert.equal(of(alone.findings, 'dmarc/version').length, 1);
  // Beside a DMARC record, a broken second DMARC record is still reported.
  const broken = await lint('@ IN MX 10 ns1\n' + dmarc + '_dmarc IN TXT "p=quarantine; v=DMARC1"\n');
  assert.equal(of(broken.findings, 'dmarc/version').length, 1);
});

test('dmarc/multiple-records counts only records receivers keep: v=dmarc1 (wrong case, discarded) beside v=DMARC1 is not a second policy', async () => {
  const r = await lint('@ IN MX 10 ns1\n_dmarc IN TXT "v=DMARC1; p=reject"\n_dmarc IN TXT "v=dmarc1; p=none"\n');
  assert.equal(of(r.findings, 'dmarc/multiple-records').length, 0);
  assert.equal(of(r.findings, 'dmarc/version').length, 1, 'the wrong-case version is reported');
  const two = await lint('@ IN MX 10 ns1\n_dmarc IN TXT "v=DMARC1; p=reject"\n_dmarc IN TXT "v=DMARC1; p=none"\n');
  assert.equal(of(two.findings, 'dmarc/multiple-records').length, 1);
});
