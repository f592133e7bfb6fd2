// The zone/* rules: a record that triggers each, a twin that must not, the exact range, and the
// text after applying the fix.
import test from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, parse, span, lintText as lint, only } from './helpers/zone.mjs';

function applyFix(text, fix) {
  const edits = [...fix.edits].sort((a, b) => b.start - a.start);
  for (const e of edits) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

test('zone/string-too-long: a 300-byte string, split at 255 bytes by the fix; 255 bytes is fine', async () => {
  const key = 'A'.repeat(300);
  const text = HEAD + `k._domainkey TXT "v=DKIM1; p=${key}"\n`;
  const [f] = only(await lint(text), 'zone/string-too-long');
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.deepEqual({ start: f.start, end: f.end }, span(text, `"v=DKIM1; p=${key}"`));
  const fixed = applyFix(text, f.fixes[0]);
  const rec = parse(fixed).records.find((r) => r.type === 'TXT');
  assert.deepEqual(rec.strings.map((s) => s.value.length), [255, 311 - 255]);
  assert.equal(rec.strings.map((s) => s.value).join(''), `v=DKIM1; p=${key}`);
  assert.deepEqual(only(await lint(fixed), 'zone/string-too-long'), []);

  const ok = HEAD + `k._domainkey TXT "${'B'.repeat(255)}" "${'C'.repeat(255)}"\n`;
  assert.deepEqual(only(await lint(ok), 'zone/string-too-long'), []);
});

test('zone/string-too-long: the split keeps SPF terms whole and escapes survive', async () => {
  const terms = Array.from({ length: 30 }, (_, i) => `ip4:198.51.100.${i}`).join(' ');
  const value = `v=spf1 ${terms} include:\\"odd\\" -all`;
  const text = HEAD + `@ TXT "${value}"\n`;
  const [f] = only(await lint(text), 'zone/string-too-long');
  const fixed = applyFix(text, f.fixes[0]);
  const rec = parse(fixed).records.find((r) => r.type === 'TXT');
  assert.ok(rec.strings.length >= 2);
  for (const s of rec.strings.slice(0, -1)) assert.ok(s.value.endsWith(' '), `'${s.value.slice(-20)}' should end at a space`);
  assert.equal(rec.strings.map((s) => s.value).join(''), value.replace(/\\"/g, '"'));
});

test('zone/relative-target: an MX written without its trailing dot; the fix adds it', async () => {
  const text = HEAD + '@ MX 10 example-com.mail.protection.outlook.com\nwww CNAME web\n';
  const [f, ...rest] = only(await lint(text), 'zone/relative-target');
  assert.equal(rest.length, 0, 'the relative `web` is fine');
  assert.deepEqual({ start: f.start, end: f.end }, span(text, 'example-com.mail.protection.outlook.com'));
  assert.match(f.message, /example-com\.mail\.protection\.outlook\.com\.example\.com\./);
  const fixed = applyFix(text, f.fixes[0]);
  assert.ok(fixed.includes('outlook.com.\n'));
  assert.deepEqual(only(await lint(fixed), 'zone/relative-target'), []);
});

test('zone/relative-target: quiet when the zone itself has the name the origin makes', async () => {
  const text = HEAD + 'www CNAME web.app\nweb.app A 192.0.2.1\n';
  assert.deepEqual(only(await lint(text), 'zone/relative-target'), []);
});

test('zone/cname-and-other-data: a CNAME beside a TXT, reported on the CNAME with the other record related', async () => {
  const text = HEAD + '_dmarc CNAME dmarc.example.net.\n_dmarc TXT "v=DMARC1; p=reject"\n';
  const [f] = only(await lint(text), 'zone/cname-and-other-data');
  assert.ok(f);
  assert.deepEqual({ start: f.start, end: f.end }, span(text, 'CNAME'));
  assert.equal(f.related.length, 1);
  assert.deepEqual({ start: f.related[0].start, end: f.related[0].end }, span(text, 'TXT', 0));
  const twoCnames = HEAD + 'a CNAME b.example.net.\na CNAME c.example.net.\n';
  const [g] = only(await lint(twoCnames), 'zone/cname-and-other-data');
  assert.deepEqual({ start: g.start, end: g.end }, span(twoCnames, 'CNAME', 1));
  const ok = HEAD + 'www CNAME web.example.net.\nweb A 192.0.2.1\n';
  assert.deepEqual(only(await lint(ok), 'zone/cname-and-other-data'), []);
});

test('zone/duplicate-record: the second copy is reported; deleting it keeps the next record\'s owner', async () => {
  const text = HEAD + 'mail A 192.0.2.10\nmail 60 IN A 192.0.2.10\nmail A 192.0.2.11\n';
  const [f] = only(await lint(text), 'zone/duplicate-record');
  assert.ok(f);
  assert.equal(text.slice(f.start, f.end), 'mail 60 IN A 192.0.2.10');
  assert.match(f.message, /line 4/);
  const fixed = applyFix(text, f.fixes[0]);
  assert.equal(fixed, HEAD + 'mail A 192.0.2.10\nmail A 192.0.2.11\n');

  // The copy's owner is inherited by the next record: deleting the line would move that record, so no fix.
  const inherit = HEAD + 'a A 192.0.2.7\na A 192.0.2.7\n  TXT "x"\n';
  const [g] = only(await lint(inherit), 'zone/duplicate-record');
  assert.ok(g);
  assert.equal(g.fixes, undefined);

  // Names compare case-insensitively, strings exactly.
  const names = HEAD + 'x MX 10 Mail.Example.NET.\nx MX 10 mail.example.net.\ny TXT "A"\ny TXT "a"\n';
  const dups = only(await lint(names), 'zone/duplicate-record');
  assert.equal(dups.length, 1);
  assert.equal(dups[0].start, span(names, 'x MX 10 mail').start);
});

test('mailzone-disable for the rest of the file; disable-next-line with no rule silences every rule of one record', async () => {
  const text = HEAD + 'a A 192.0.2.7\n; mailzone-disable zone/duplicate-record\na A 192.0.2.7\nb A 192.0.2.8\nb A 192.0.2.8\n';
  const f = await lint(text);
  assert.deepEqual(only(f, 'zone/duplicate-record'), []);
  assert.deepEqual(only(f, 'mailzone/unused-suppression'), []);
  const all = HEAD + 'a A 192.0.2.7\n; mailzone-disable-next-line\na A 192.0.2.7\nb A 192.0.2.8\nb A 192.0.2.8\n';
  const g = only(await lint(all), 'zone/duplicate-record');
  assert.equal(g.length, 1);
  assert.equal(g[0].start, span(all, 'b A 192.0.2.8', 1).start);
});
