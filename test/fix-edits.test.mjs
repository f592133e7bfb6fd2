// Quick fixes edit only what their title says: they keep comments and the boundaries between
// character-strings, write text escaped for where it goes, never create a new finding, and a fix
// that needs review (a placeholder, a policy change) is not the preferred one.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';
import { applied, of } from './helpers/findings.mjs';

const { SourceFile, parseZone, parseOctodns, lintZone } = engine;

const HEAD =
  '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n' +
  '@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1 mx -all"\n';
const DMARC = '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n';
const K =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApABZx+yDozaZ+fPgypl1Vkp1L9LgR2dQQ+ovy2+JdkueXbY7Tl+KCd+YTPookSFX3PVFGqgPF8BtGDrrDOSnlE5tksTBsvHL0GK2D02+BpKIv3fVZz9qSB+RvG96HGMbaIBwpmNNKmMs07M+oD6JzvNx1V1RxoVabOXb6muyETzrOyUXQ2iTdfaf2JwIFYLt2FPjnzB3cPYiHieC1IJd6zqopQfo6mim0B0zi5BFi0XsDmRsbinFPCSNbGeHO1+81YiW1VJXT5w1kY0ME5CSiwNCRgRUlZEsCye2nnPMHUYcoYVQDzkxYOC1tG2RTkydOcNOKv/9LHdJRZ9QKFya3QIDAQAB';

async function lintText(text, path = '/ws/example.com.zone') {
  const file = new SourceFile(path, text);
  const zone = path.endsWith('.yaml') ? parseOctodns(file, { origin: 'example.com.' }) : parseZone(file, { origin: 'example.com.' });
  const run = await lintZone(zone);
  assert.deepEqual(run.ruleErrors, []);
  return { zone, text, findings: run.findings };
}

/** Lints `text`, applies the fix titled `title` of the one `rule` finding, and lints the result. */
async function fixed(text, rule, title, path) {
  const r = await lintText(text, path);
  const fs = of(r.findings, rule);
  assert.equal(fs.length, 1, `${rule}: ${fs.map((f) => f.message).join(' | ')}`);
  const fix = fs[0].fixes.find((x) => (title instanceof RegExp ? title.test(x.title) : x.title === title));
  assert.ok(fix, `${rule}: no fix "${title}" in ${fs[0].fixes.map((x) => x.title).join(', ')}`);
  const out = applied(fix, r.zone.file);
  const after = await lintText(out, path);
  return { before: r, fix, out, after };
}

/** The findings after a fix are the ones before it, less the fixed one: the fix created nothing. */
function noNewFindings(res, rule) {
  const count = (fs) => fs.reduce((m, f) => m.set(f.rule, (m.get(f.rule) ?? 0) + 1), new Map());
  const before = count(res.before.findings);
  const after = count(res.after.findings);
  for (const [id, n] of after) assert.ok(n <= (before.get(id) ?? 0), `the fix created ${id}: ${res.after.findings.filter((f) => f.rule === id).map((f) => f.message).join(' | ')}`);
  assert.ok((after.get(rule) ?? 0) < (before.get(rule) ?? 0), `${rule} is gone`);
  assert.deepEqual(res.after.zone.problems ?? [], []);
}

const published = (zone, owner) =>
  zone.records.filter((r) => r.owner === owner && r.type === 'TXT').map((r) => r.strings.map((s) => s.value).join(''));

test('D8: "Remove h=" on a multi-string DKIM record deletes only `h=sha1; ` in its string (comment and boundaries kept)', async () => {
  const rec =
    `a1._domainkey IN TXT ( "v=DKIM1; k=rsa; h=sha1; "   ; keep this comment\n` +
    `                       "p=${K.slice(0, 250)}"\n` +
    `                       "${K.slice(250)}" )\n`;
  const res = await fixed(HEAD + DMARC + rec, 'dkim/sha1', 'Remove h= (allow every algorithm)');
  assert.equal(res.out, HEAD + DMARC + rec.replace('h=sha1; ', ''));
  assert.equal(res.fix.edits.length, 1);
  noNewFindings(res, 'dkim/sha1');
});

test('D9: "Remove pct" keeps the comment between the strings and the boundary', async () => {
  const rec = '_dmarc IN TXT ( "v=DMARC1; p=none; pct=20;"  ; rollout\n                " rua=mailto:d@example.com" )\n';
  const res = await fixed(HEAD + rec, 'dmarc/pct-with-none', 'Remove pct');
  assert.equal(res.out, HEAD + '_dmarc IN TXT ( "v=DMARC1; p=none; "  ; rollout\n                "rua=mailto:d@example.com" )\n');
  assert.deepEqual(published(res.after.zone, '_dmarc.example.com.'), ['v=DMARC1; p=none; rua=mailto:d@example.com']);
  noNewFindings(res, 'dmarc/pct-with-none');
});

test('D10: "Use h=sha256" that would push a string past 255 bytes adds a string boundary instead', async () => {
  const rec = `a2._domainkey IN TXT ( "v=DKIM1; k=rsa; h=sha1; p=${K.slice(0, 228)}"\n                       "${K.slice(228)}" )\n`;
  const res = await fixed(HEAD + DMARC + rec, 'dkim/sha1', 'Use h=sha256');
  assert.equal(res.fix.preferred, true);
  noNewFindings(res, 'dkim/sha1');
  const r = res.after.zone.records.find((x) => x.owner === 'a2._domainkey.example.com.');
  assert.deepEqual(r.strings.map((s) => s.value.length), [255, 1, K.length - 228]);
  assert.equal(r.strings.map((s) => s.value).join(''), `v=DKIM1; k=rsa; h=sha256; p=${K}`);
  // The growth lands in the new text itself: the cut is inside it (`h=sha25" "6`).
  const rec3 = `a3._domainkey IN TXT ( "v=DKIM1; p=${K.slice(0, 150)}" "${K.slice(150, 389)}; k=rsa; h=sha1" )\n`;
  assert.equal(`${K.slice(150, 389)}; k=rsa; h=sha1`.length, 254);
  const res3 = await fixed(HEAD + DMARC + rec3, 'dkim/sha1', 'Use h=sha256');
  const r3 = res3.after.zone.records.find((x) => x.owner === 'a3._domainkey.example.com.');
  assert.ok(r3.strings.every((s) => s.value.length <= 255), r3.strings.map((s) => s.value.length).join(','));
  assert.equal(r3.strings.map((s) => s.value).join(''), `v=DKIM1; p=${K.slice(0, 389)}; k=rsa; h=sha256`);
  assert.ok(res3.out.includes('; k=rsa; h=sha25" "6" )'), res3.out);
  noNewFindings(res3, 'dkim/sha1');
});

test('D11: "Add rua" in octoDNS YAML escapes `;` for the scalar style (plain, single-, double-quoted, multi-line)', async () => {
  const rua = 'rua=mailto:dmarc-reports@example.com';
  for (const [value, expected] of [
    ['v=DMARC1\\; p=reject', `v=DMARC1\\; p=reject\\; ${rua}`],
    ["'v=DMARC1\\; p=reject'", `'v=DMARC1\\; p=reject\\; ${rua}'`],
    ['"v=DMARC1\\\\; p=reject"', `"v=DMARC1\\\\; p=reject\\\\; ${rua}"`],
    ['"v=DMARC1\\\\;\n    p=reject"', `"v=DMARC1\\\\;\n    p=reject\\\\; ${rua}"`],
    ["'v=DMARC1\\;\n    p=reject'", `'v=DMARC1\\;\n    p=reject\\; ${rua}'`],
  ]) {
    const yaml = `---\n_dmarc:\n  type: TXT\n  value: ${value}\n`;
    const res = await fixed(yaml, 'dmarc/rua-missing', /^Add rua=/, '/ws/example.com.yaml');
    assert.equal(res.out, `---\n_dmarc:\n  type: TXT\n  value: ${expected}\n`, value);
    assert.deepEqual(res.after.findings.filter((f) => f.rule.startsWith('octodns/')).map((f) => f.message), [], value);
    assert.deepEqual(published(res.after.zone, '_dmarc.example.com.'), [`v=DMARC1; p=reject; ${rua}`], value);
  }
});

test('D12: "Add rua=mailto:dmarc-reports@…" is a placeholder, so it is not preferred (fix-all must not write it)', async () => {
  const r = await lintText(HEAD + '_dmarc IN TXT "v=DMARC1; p=reject"\n');
  const f = of(r.findings, 'dmarc/rua-missing')[0];
  assert.match(f.fixes[0].title, /edit the address/);
  assert.deepEqual(f.fixes.filter((x) => x.preferred).map((x) => x.title), []);
  // The same for dmarc/missing-record's new record (its rua is a placeholder too; p=reject is a policy to decide).
  const m = await lintText(HEAD.replace(/_dmarc[^\n]*\n/, '') + 'shop IN MX 10 mail.example.com.\n');
  const mf = of(m.findings, 'dmarc/missing-record').find((x) => /shop/.test(x.message));
  assert.ok(mf && mf.fixes.length === 2, JSON.stringify(m.findings.map((x) => x.rule)));
  assert.deepEqual(mf.fixes.filter((x) => x.preferred).map((x) => x.title), []);
  // And mta-sts/tlsrpt-missing's new TLS-RPT record.
  const t = await lintText(HEAD + DMARC + '_mta-sts IN TXT "v=STSv1; id=20240101"\nmta-sts IN A 192.0.2.80\n');
  const tf = of(t.findings, 'mta-sts/tlsrpt-missing')[0];
  assert.match(tf.fixes[0].title, /edit the address/);
  assert.deepEqual(tf.fixes.filter((x) => x.preferred).map((x) => x.title), []);
});

test('D13: hardening p=none also removes pct (no new dmarc/pct-partial)', async () => {
  for (const [rec, want] of [
    ['"v=DMARC1; p=none; pct=50; rua=mailto:d@example.com"', '"v=DMARC1; p=quarantine; rua=mailto:d@example.com"'],
    ['"v=DMARC1; p=none; rua=mailto:d@example.com; pct=50"', '"v=DMARC1; p=quarantine; rua=mailto:d@example.com"'],
    ['"v=DMARC1; p=none; pct=50"', '"v=DMARC1; p=quarantine"'],
  ]) {
    const res = await fixed(HEAD + `_dmarc IN TXT ${rec}\n`, 'dmarc/p-none', 'Harden to p=quarantine (next step) and remove pct');
    assert.equal(res.fix.preferred, true);
    assert.equal(res.out, HEAD + `_dmarc IN TXT ${want}\n`);
    assert.deepEqual(of(res.after.findings, 'dmarc/pct-partial'), []);
    assert.deepEqual(of(res.after.findings, 'dmarc/pct-with-none'), []);
  }
  const rej = await fixed(HEAD + '_dmarc IN TXT "v=DMARC1; p=none; pct=50; rua=mailto:d@example.com"\n', 'dmarc/p-none', 'Harden to p=reject and remove pct');
  assert.equal(rej.out, HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n');
  // Without pct the title and the edit are as before.
  const plain = await fixed(HEAD + '_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@example.com"\n', 'dmarc/p-none', 'Harden to p=quarantine (next step)');
  assert.equal(plain.out, HEAD + '_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.com"\n');
});

const NOSPF = HEAD.replace('@ IN TXT "v=spf1 mx -all"\n', '');

test('D15: a directive takes rule IDs up to the first word that is not one; the README example gives no hint', async () => {
  const r = await lintText(NOSPF + '; mailzone-disable dmarc/rua-missing          (rest of the file)\n_dmarc IN TXT "v=DMARC1; p=reject"\n');
  assert.deepEqual(of(r.findings, 'mailzone/unused-suppression').map((f) => f.message), []);
  assert.deepEqual(of(r.findings, 'dmarc/rua-missing'), []);
  assert.deepEqual(r.zone.directives.map((d) => d.rules.map((x) => x.id)), [['dmarc/rua-missing']]);
  for (const [comment, ids] of [
    ['; mailzone-disable dmarc/rua-missing -- applies to the rest of the file', ['dmarc/rua-missing']],
    ['; mailzone-disable-next-line spf/soft-all, spf/ptr -- migrating', ['spf/soft-all', 'spf/ptr']],
    ['; mailzone-disable-next-line spf/soft-all,spf/ptr because of the migration', ['spf/soft-all', 'spf/ptr']],
    ['; mailzone-disable-next-line spf/soft-all ; a comment', ['spf/soft-all']],
    ['; mailzone-disable-next-line', []],
    ['; mailzone-disable-next-line -- whole record, legacy', []],
  ]) {
    const z = await lintText(NOSPF + comment + '\n@ IN TXT "v=spf1 mx ~all"\n');
    assert.deepEqual(z.zone.directives.map((d) => d.rules.map((x) => x.id)), [ids], comment);
  }
  // A misspelt first ID is kept and reported as silencing nothing: dropped, the directive would
  // silence every rule of the record without a word.
  const typo = await lintText(NOSPF + '; mailzone-disable-next-line spf-soft-all -- migrating\n@ IN TXT "v=spf1 mx ~all"\n');
  assert.deepEqual(typo.zone.directives.map((d) => d.rules.map((x) => x.id)), [['spf-soft-all']]);
  assert.equal(of(typo.findings, 'spf/soft-all').length, 1);
  assert.equal(of(typo.findings, 'mailzone/unused-suppression').length, 1);
  // YAML directives read the same way.
  const y = await lintText('---\n# mailzone-disable-next-line spf/soft-all  (migration)\n\'\':\n  type: TXT\n  value: v=spf1 ~all\n', '/ws/example.com.yaml');
  assert.deepEqual(y.zone.directives.map((d) => d.rules.map((x) => x.id)), [['spf/soft-all']]);
});

test('D14: removing one unused rule ID of a directive keeps the other IDs and the explanation', async () => {
  const rec = '@ IN TXT "v=spf1 mx ~all"\n';
  for (const [line, want] of [
    ['; mailzone-disable-next-line spf/soft-all, spf/ptr -- migrating', '; mailzone-disable-next-line spf/soft-all -- migrating'],
    ['; mailzone-disable-next-line spf/ptr, spf/soft-all -- migrating', '; mailzone-disable-next-line spf/soft-all -- migrating'],
    ['; mailzone-disable-next-line spf/soft-all spf/ptr', '; mailzone-disable-next-line spf/soft-all'],
  ]) {
    const res = await fixed(NOSPF + DMARC + line + '\n' + rec, 'mailzone/unused-suppression', 'Remove the unused suppression of spf/ptr');
    assert.equal(res.out, NOSPF + DMARC + want + '\n' + rec, line);
    assert.deepEqual(of(res.after.findings, 'spf/soft-all'), [], line);
    assert.deepEqual(of(res.after.findings, 'mailzone/unused-suppression'), [], line);
  }
  // The only ID of a directive: the directive goes (without an ID it would silence every rule),
  // with its line when it stands alone on it (no blank line left behind) …
  const one = await fixed(NOSPF + DMARC + '; mailzone-disable-next-line spf/ptr -- migrating\n' + rec, 'mailzone/unused-suppression', 'Remove the unused suppression of spf/ptr');
  assert.equal(one.out, NOSPF + DMARC + rec);
  const indented = await fixed(NOSPF + DMARC + '  ; mailzone-disable-next-line spf/ptr\r\n' + rec, 'mailzone/unused-suppression', 'Remove the unused suppression of spf/ptr');
  assert.equal(indented.out, NOSPF + DMARC + rec);
  // … and only the comment, with the blanks before it, after a record.
  const trailing = await fixed(NOSPF + DMARC + '@ IN TXT "v=spf1 mx -all"   ; mailzone-disable-next-line spf/ptr\nx IN A 192.0.2.9\n', 'mailzone/unused-suppression', /^Remove the unused suppression/);
  assert.equal(trailing.out, NOSPF + DMARC + '@ IN TXT "v=spf1 mx -all"\nx IN A 192.0.2.9\n');
  // A directive without IDs that silences nothing has the same fix.
  const bare = await fixed(NOSPF + DMARC + '; mailzone-disable-next-line\nx IN A 192.0.2.9\n', 'mailzone/unused-suppression', 'Remove the unused suppression');
  assert.equal(bare.out, NOSPF + DMARC + 'x IN A 192.0.2.9\n');
});

test('D22: "Split into 2 strings" keeps the text as written and cuts at a character boundary measured in bytes', async () => {
  const rec = 'note IN TXT "' + 'ü'.repeat(140) + '"\n';
  const res = await fixed(HEAD + DMARC + rec, 'zone/string-too-long', /^Split into 2 strings/);
  // 127 two-byte characters (254 bytes) fit; the 128th would be cut in half.
  assert.equal(res.out, HEAD + DMARC + 'note IN TXT "' + 'ü'.repeat(127) + '" "' + 'ü'.repeat(13) + '"\n');
  noNewFindings(res, 'zone/string-too-long');
  // Escapes and ASCII stay as written too; an SPF record is still cut after a space.
  const spf = 'v=spf1 ' + Array.from({ length: 40 }, (_, k) => `ip4:192.0.2.${k}`).join(' ') + ' -all';
  const sp = await fixed(HEAD + DMARC + `spf IN TXT "${spf}"\n`, 'zone/string-too-long', /^Split into 3 strings/);
  const r = sp.after.zone.records.find((x) => x.owner === 'spf.example.com.');
  assert.equal(r.strings.map((s) => s.value).join(''), spf);
  assert.ok(r.strings.every((s, k) => s.value.length <= 255 && (k === r.strings.length - 1 || s.value.endsWith(' '))));
  const esc = 'a\\"b\\195\\188' + 'x'.repeat(300);
  const e = await fixed(HEAD + DMARC + `esc IN TXT "${esc}"\n`, 'zone/string-too-long', /^Split into 2 strings/);
  assert.ok(e.out.includes(`esc IN TXT "a\\"b\\195\\188${'x'.repeat(250)}" "${'x'.repeat(50)}"\n`), e.out);
});

test('D23: `v=spf1 +all` at a name without MX or address gets one preferred fix, not two with the same result', async () => {
  for (const [spf, rules] of [
    ['v=spf1 +all', ['spf/plus-all', 'spf/non-mail-domain']],
    ['v=spf1 all', ['spf/plus-all', 'spf/non-mail-domain']],
    ['v=spf1 ~all', ['spf/soft-all', 'spf/non-mail-domain']],
    ['v=spf1 ?all', ['spf/neutral-all', 'spf/non-mail-domain']],
  ]) {
    const r = await lintText(HEAD + DMARC + `www IN TXT "${spf}"\n`);
    const here = r.findings.filter((f) => rules.includes(f.rule));
    assert.deepEqual([...new Set(here.map((f) => f.rule))].sort(), [...rules].sort(), spf);
    const preferred = here.flatMap((f) => f.fixes.filter((x) => x.preferred));
    assert.equal(preferred.length, 1, `${spf}: ${preferred.map((x) => x.title).join(', ')}`);
    assert.ok(applied(preferred[0], r.zone.file).endsWith('www IN TXT "v=spf1 -all"\n'), spf);
  }
  // When the record says more than `all`, replacing it is a different edit and stays preferred.
  const r = await lintText(HEAD + DMARC + 'www IN TXT "v=spf1 ip4:192.0.2.9 +all"\n');
  const nm = of(r.findings, 'spf/non-mail-domain')[0];
  assert.equal(nm.fixes[0].preferred, true);
  assert.equal(of(r.findings, 'spf/plus-all')[0].fixes[0].preferred, true);
});
