// A finding on a record of an $INCLUDEd file is in that file, at that record's offsets: every rule,
// whether or not its report names the file. The same records linted inline and from an $INCLUDE
// give the same findings (rule, message, severity, the text they point at), only in another file.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as E from '../dist/engine.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// Records beyond the examples, for the rules they do not trigger.
const EXTRA = `
dup     IN  A    192.0.2.9
dup     IN  A    192.0.2.9
alias   IN  CNAME www
alias   IN  TXT  "v=spf1 -all"
_mta-sts IN TXT "v=STSv1; id=2026-01-01"
_smtp._tls IN TXT "v=TLSRPTv1; rua=tlsrpt@example.com"
default._bimi IN TXT "v=BIMI1; l=http://example.com/logo.png"
sub     IN  MX   10 192.0.2.25
sub     IN  TXT  "v=spf1 ip4:192.0.2.1/24 ip4:300.1.1.1 +all"
sub     IN  TXT  "v=spf1 -all"
_dmarc.sub IN TXT "v=DMARC1; p=reject; sp=none; rua=mailto:d@other.example"
old._domainkey IN TXT "v=DKIM1; h=sha1; t=y; p="
`;

function lintPair(file) {
  const text = fs.readFileSync(`${root}/examples/${file}`, 'utf8') + EXTRA;
  const lines = text.split('\n');
  // The include starts after the first A record (the SOA and NS stay in the main file).
  const cut = lines.findIndex((l) => /^\S+\s+(IN\s+)?A\s/.test(l)) + 1;
  const head = lines.slice(0, cut).join('\n') + '\n';
  const body = lines.slice(cut).join('\n');
  const origin = file.replace(/zone$/, '');
  const inline = E.parseZone(new E.SourceFile(`/ws/${file}`, text), { origin });
  const files = { '/ws/body.inc': body };
  const included = E.parseZone(new E.SourceFile(`/ws/${file}`, head + '$INCLUDE body.inc\n'), {
    origin,
    workspaceRoot: '/ws',
    readFile: (p) => files[p],
  });
  return { inline, included, cutOffset: head.length };
}

// Line numbers in messages differ between the two layouts ("the one on line 22"): not compared.
function lintPairBody(file) {
  const text = fs.readFileSync(`${root}/examples/${file}`, 'utf8') + EXTRA;
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((l) => /^\S+\s+(IN\s+)?A\s/.test(l)) + 1).join('\n');
}

const view = (f) => `${f.rule} ${f.severity} «${f.file.text.slice(f.start, f.end)}» ${f.message.replace(/\bline \d+/g, 'line N')}`;

for (const file of ['example.com.zone', 'example.org.zone']) {
  test(`${file}: the same findings inline and from an $INCLUDE, each in the file of its record`, async () => {
    const { inline, included, cutOffset } = lintPair(file);
    assert.equal(included.problems.length, inline.problems.length, 'the include parses as the inline text does');
    const a = await E.lintZone(inline, { options: { dns: 'off' } });
    const b = await E.lintZone(included, { options: { dns: 'off' } });
    assert.deepEqual(b.ruleErrors, []);
    assert.ok(a.findings.length > 15, `${a.findings.length} findings`);
    // Findings after the cut are in the include; before it, in the main file.
    const expected = a.findings.map((f) => `${f.start >= cutOffset ? 'inc' : 'main'} ${view(f)}`).sort();
    const got = b.findings.map((f) => `${f.file.path === '/ws/body.inc' ? 'inc' : 'main'} ${view(f)}`).sort();
    assert.deepEqual(got, expected);
    for (const f of b.findings) for (const r of f.related ?? []) assert.ok(r.end <= r.file.text.length, `${f.rule}: related range inside its file`);
  });

  test(`${file}: a duplicate of a record in another file names that file`, async () => {
    const { included } = lintPair(file);
    const files = { '/ws/more.inc': 'dup IN A 192.0.2.9\n' };
    const z = E.parseZone(new E.SourceFile(`/ws/${file}`, included.file.text + '$INCLUDE more.inc\n'), { origin: file.replace(/zone$/, ''), workspaceRoot: '/ws', readFile: (p) => files[p] ?? (p === '/ws/body.inc' ? lintPairBody(file) : undefined) });
    const r = await E.lintZone(z, { options: { dns: 'off' } });
    const d = r.findings.filter((f) => f.rule === 'zone/duplicate-record' && f.file.path === '/ws/more.inc');
    assert.equal(d.length, 1);
    assert.match(d[0].message, /the same as the one on line \d+ of body\.inc/);
  });

  test(`${file}: the editor's incremental lint puts them in the same files`, async () => {
    const { included } = lintPair(file);
    const a = await E.lintZone(included, { options: { dns: 'off' } });
    const inc = await new E.IncrementalLinter().lint(included, { options: { dns: 'off' } });
    assert.deepEqual(inc.findings.map((f) => `${f.file.path} ${view(f)}`).sort(), a.findings.map((f) => `${f.file.path} ${view(f)}`).sort());
  });
}
