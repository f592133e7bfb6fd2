// Review of the zone/* rules against BIND 9 (named-checkzone / named-compilezone): each case is
// what BIND makes of the zone text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { engine, HEAD, parse, span, lintText as lint, only } from './helpers/zone.mjs';

test('zone/cname-and-other-data: two identical CNAMEs are one RR (BIND loads the zone): only zone/duplicate-record reports the copy', async () => {
  const text = HEAD + 'c CNAME x.example.net.\nc CNAME X.Example.NET.\n';
  const f = await lint(text);
  assert.deepEqual(only(f, 'zone/cname-and-other-data'), []);
  assert.equal(only(f, 'zone/duplicate-record').length, 1);
  // Two different targets and a copy of the first: still two CNAMEs, reported on the different one.
  const two = HEAD + 'c CNAME x.example.net.\nc CNAME x.example.net.\nc CNAME y.example.net.\n';
  const [g, ...rest] = only(await lint(two), 'zone/cname-and-other-data');
  assert.equal(rest.length, 0);
  assert.deepEqual({ start: g.start, end: g.end }, span(two, 'CNAME', 2));
  assert.match(g.message, /2 CNAME records/);
});

test('zone/cname-and-other-data: NXT beside a CNAME is "CNAME and other data" to BIND 9; KEY, SIG, NSEC, RRSIG, NSEC3 are not', async () => {
  const nxt = HEAD + 'c CNAME x.example.net.\nc NXT c.example.com. A\n';
  const [f] = only(await lint(nxt), 'zone/cname-and-other-data');
  assert.ok(f, 'NXT (obsolete, RFC 3755) may not share a name with a CNAME in BIND');
  assert.match(f.message, /NXT/);
  const ok =
    HEAD +
    'c CNAME x.example.net.\nc KEY 256 3 8 AwEAAcdpZmbq\nc NSEC c.example.com. CNAME RRSIG NSEC\n' +
    'c RRSIG CNAME 8 3 3600 20300101000000 20200101000000 12345 example.com. AwEAAcdpZmbq\n' +
    'c SIG CNAME 8 3 3600 20300101000000 20200101000000 12345 example.com. AwEAAcdpZmbq\n';
  assert.deepEqual(only(await lint(ok), 'zone/cname-and-other-data'), []);
});

test('zone/relative-target: a target written in capitals is reported too (names are case-insensitive)', async () => {
  const text = HEAD + '@ MX 10 Example-Com.Mail.Protection.Outlook.COM\nwww CNAME WEB.AMAZONSES.COM\nx CNAME MX1.DEPT\n';
  const f = only(await lint(text), 'zone/relative-target');
  assert.deepEqual(
    f.map((x) => text.slice(x.start, x.end)),
    ['Example-Com.Mail.Protection.Outlook.COM', 'WEB.AMAZONSES.COM'],
  );
});

test('zone/duplicate-record: equal rdata written differently is one RR, as BIND keeps one (RFC 2181 §5, RFC 3597 §5)', async () => {
  // Each pair: BIND's named-compilezone prints one record for it.
  const pairs = [
    ['a A 192.0.2.1', 'a TYPE1 \\# 4 C0000201'],
    ['b AAAA 2001:db8::1', 'b AAAA 2001:DB8:0::1'],
    ['c AAAA 2001:db8::1', 'c AAAA 2001:0db8:0000:0000:0000:0000:0000:0001'],
    ['d MX 10 mail', 'd MX 010 mail.example.com.'],
    ['e MX 10 mail.example.com.', 'e TYPE15 \\# 20 000a046d61696c076578616d706c6503636f6d00'],
    ['f SRV 0 5 25 mail', 'f SRV 0 05 025 MAIL.example.com.'],
    ['g CAA 0 issue "letsencrypt.org"', 'g CAA 0 issue letsencrypt.org'],
    ['h TLSA 3 1 1 ABCDEF0123456789ABCDEF0123456789', 'h TLSA 3 1 1 abcdef0123456789 abcdef0123456789'],
    ['i DNSKEY 256 3 8 AwEAAcdpZmbq', 'i DNSKEY 256 3 8 AwEA AcdpZmbq'],
    ['j CNAME web', 'j CNAME web.example.com.'],
  ];
  for (const [a, b] of pairs) {
    const text = HEAD + a + '\n' + b + '\n';
    const f = only(await lint(text), 'zone/duplicate-record');
    assert.equal(f.length, 1, `${a} / ${b}`);
    assert.equal(text.slice(f[0].start, f[0].end), b);
  }
  // Not the same RR to BIND: CAA tags and TXT strings are case-sensitive, string boundaries count.
  const distinct = [
    ['k CAA 0 issue "letsencrypt.org"', 'k CAA 0 ISSUE "letsencrypt.org"'],
    ['l TXT "a"', 'l TXT "A"'],
    ['m TXT "a\\000" "b"', 'm TXT "a" "\\000b"'],
    ['n TXT "ab"', 'n TXT "a" "b"'],
  ];
  for (const [a, b] of distinct) {
    const text = HEAD + a + '\n' + b + '\n';
    assert.deepEqual(only(await lint(text), 'zone/duplicate-record'), [], `${a} / ${b}`);
  }
});

test('zone/duplicate-record: a name with many records compares rdata the same way', async () => {
  let text = HEAD;
  for (let i = 0; i < 20; i++) text += `many A 192.0.2.${i + 1}\n`;
  text += 'many AAAA 2001:db8::1\nmany AAAA 2001:DB8:0:0::1\nmany A 192.0.2.1\nmany TYPE1 \\# 4 C0000202\n';
  const f = only(await lint(text), 'zone/duplicate-record');
  assert.deepEqual(
    f.map((x) => text.slice(x.start, x.end)),
    ['many AAAA 2001:DB8:0:0::1', 'many A 192.0.2.1', 'many TYPE1 \\# 4 C0000202'],
  );
});

test('zone/string-too-long: the docs quote what named-checkzone (BIND 9) says of a string over 255 bytes', () => {
  // BIND 9.18: "dns_rdata_fromtext: <file>:<line>: syntax error", then "not loaded due to errors".
  const { details } = engine.ruleById('zone/string-too-long').docs;
  assert.doesNotMatch(details, /string too long/);
  assert.match(details, /syntax error/);
});

function applyFix(text, fix) {
  const edits = [...fix.edits].sort((a, b) => b.start - a.start);
  for (const e of edits) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/** name type rdata ttl of each record, as the parser reads the text (BIND's TTLs: see each case). */
function served(text) {
  return parse(text).records.map((r) => `${r.owner} ${r.type} ${r.ttl}`);
}

test('zone/duplicate-record: no fix deletes a $GENERATE line, which would delete the records it makes besides the duplicate', async () => {
  const text = HEAD + 'host1 A 192.0.2.1\n$GENERATE 1-3 host$ A 192.0.2.$\n';
  const [f, ...rest] = only(await lint(text), 'zone/duplicate-record');
  assert.equal(rest.length, 0);
  assert.equal(f.fixes, undefined);
  assert.doesNotMatch(f.message, /written differently/);
  // A record followed by a $GENERATE line, then a line with a blank owner: that line takes its
  // owner from the record ($GENERATE sets none), so deleting the record would move it.
  const inherit = HEAD + 'a A 192.0.2.7\na A 192.0.2.7\n$GENERATE 1-2 a A 192.0.2.$\n  TXT "x"\n';
  const [g, ...more] = only(await lint(inherit), 'zone/duplicate-record');
  assert.equal(more.length, 0);
  assert.equal(g.start, span(inherit, 'a A 192.0.2.7', 1).start);
  assert.equal(g.fixes, undefined);
});

test('zone/duplicate-record: the fix is offered only where deleting the copy leaves the TTLs BIND serves unchanged', async () => {
  // Without $TTL (RFC 1035 TTL semantics) the next record without a TTL takes the copy's: BIND
  // serves b with 60; without the copy, with 600.
  const noDefault =
    '$ORIGIN example.com.\n@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n' +
    'a 300 A 192.0.2.1\nc 600 TXT "x"\na 60 A 192.0.2.1\nb A 192.0.2.2\n';
  const [f] = only(await lint(noDefault), 'zone/duplicate-record');
  assert.ok(f);
  assert.equal(f.fixes, undefined);
  // The copy in another place with another TTL: BIND serves the RRset with the last place's TTL
  // (60); without the copy, with 300.
  const elsewhere = HEAD + 'a 300 A 192.0.2.1\nc TXT "x"\na 60 A 192.0.2.1\n';
  const [g] = only(await lint(elsewhere), 'zone/duplicate-record');
  assert.ok(g);
  assert.equal(g.fixes, undefined);
  // In the same run of lines of its owner the first TTL wins ("TTL set to prior TTL"): deleting
  // the later copy changes nothing, so the fix is there.
  const run = HEAD + 'a 300 A 192.0.2.1\na 60 A 192.0.2.1\na TXT "x"\nb A 192.0.2.2\n';
  const [h] = only(await lint(run), 'zone/duplicate-record');
  assert.ok(h?.fixes);
  const fixed = applyFix(run, h.fixes[0]);
  assert.equal(fixed, HEAD + 'a 300 A 192.0.2.1\na TXT "x"\nb A 192.0.2.2\n');
  // Same TTL everywhere: the fix is there wherever the copy is.
  const same = HEAD + 'a 300 A 192.0.2.1\nc TXT "x"\na 300 A 192.0.2.1\n';
  const [k] = only(await lint(same), 'zone/duplicate-record');
  assert.ok(k?.fixes);
  assert.deepEqual(served(applyFix(same, k.fixes[0])), served(HEAD + 'a 300 A 192.0.2.1\nc TXT "x"\n'));
});

// The workspace check on $INCLUDE read the path as written, so a symlink inside the workspace that
// points outside it was followed; the CLI and the server now resolve links (realroot.ts).
test('zone/include-outside-workspace: a symlink in the workspace that points outside it is not followed ($INCLUDE and octoDNS !include)', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { execFileSync } = await import('node:child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mz-link-'));
  const ws = path.join(dir, 'ws');
  fs.mkdirSync(ws);
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'k TXT "outside"\n');
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(ws, 'link.txt'));
  fs.writeFileSync(path.join(ws, 'example.com.zone'), HEAD + '$INCLUDE link.txt\n');
  const cli = new URL('../dist/cli.js', import.meta.url).pathname;
  let out;
  try {
    out = execFileSync('node', [cli, 'records', '--root', ws, path.join(ws, 'example.com.zone')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stdout; // exit 1: the zone has an error (the refused $INCLUDE)
  }
  assert.doesNotMatch(out, /outside/);
  const lint = (f) => {
    try {
      return execFileSync('node', [cli, 'lint', '--offline', '--format', 'json', '--root', ws, f], { encoding: 'utf8' });
    } catch (e) {
      return e.stdout;
    }
  };
  const report = JSON.parse(lint(path.join(ws, 'example.com.zone')));
  const inc = report[0].findings.filter((f) => f.rule === 'zone/include-outside-workspace');
  assert.equal(inc.length, 1, JSON.stringify(report));
  assert.match(inc[0].message, /outside the workspace/);
  // octoDNS: `!include` of a link that leaves the workspace.
  fs.writeFileSync(path.join(dir, 'secret.yaml'), "type: TXT\nvalue: outside\n");
  fs.symlinkSync(path.join(dir, 'secret.yaml'), path.join(ws, 'shared.yaml'));
  fs.writeFileSync(path.join(ws, 'example.org.yaml'), "---\n'':\n  type: A\n  value: 192.0.2.1\nwww: !include shared.yaml\n");
  const yamlReport = JSON.parse(lint(path.join(ws, 'example.org.yaml')));
  const msgs = yamlReport[0].findings.map((f) => f.message).join('\n');
  assert.match(msgs, /!include shared\.yaml` points outside the workspace/);
  // A link that stays inside the workspace is followed.
  fs.writeFileSync(path.join(ws, 'real.txt'), 'k TXT "inside"\n');
  fs.symlinkSync(path.join(ws, 'real.txt'), path.join(ws, 'inner-link.txt'));
  fs.writeFileSync(path.join(ws, 'example.net.zone'), HEAD.replace(/example\.com/g, 'example.net') + '$INCLUDE inner-link.txt\n');
  const inner = execFileSync('node', [cli, 'records', '--root', ws, path.join(ws, 'example.net.zone')], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.match(inner, /inside/);
});

test('zone/relative-target: quiet when the name the origin makes lies in a delegated child zone or under a wildcard of this zone', async () => {
  // api.dev.example.com. is served by the child zone dev.example.com. (RFC 1034 §4.2.1), and
  // store.shop.example.com. by the wildcard *.shop.example.com. (RFC 4592): both relative on purpose.
  const text = HEAD + 'dev NS ns1.example.net.\nwww CNAME api.dev\n*.shop A 192.0.2.3\nw2 CNAME store.shop\nw3 MX 10 mx.shop.example.com\n';
  const f = only(await lint(text), 'zone/relative-target');
  // mx.shop.example.com.example.com. is covered by no wildcard (*.shop.example.com. is not an ancestor).
  assert.deepEqual(f.map((x) => text.slice(x.start, x.end)), ['mx.shop.example.com']);
  // A name beside the delegation, not under it, is still reported.
  const beside = HEAD + 'dev NS ns1.example.net.\nwww CNAME api.app.dev2.com\n';
  assert.equal(only(await lint(beside), 'zone/relative-target').length, 1);
});

test('zone/duplicate-record: the TTL condition of the fix holds for a name with many records too', async () => {
  let many = HEAD;
  for (let i = 0; i < 20; i++) many += `a A 192.0.2.${i + 1}\n`;
  const elsewhere = many + 'a 300 A 192.0.2.1\nc TXT "x"\na 300 A 192.0.2.1\n';
  const [f1, f] = only(await lint(elsewhere), 'zone/duplicate-record');
  assert.ok(f1.fixes, 'the first copy follows the RRset in the same run of lines: its TTL is not used');
  assert.equal(f.fixes, undefined, 'the RRset has two TTLs and the copy is in another place');
  const run = many + 'a 60 A 192.0.2.1\nb TXT "x"\n';
  const [g] = only(await lint(run), 'zone/duplicate-record');
  assert.ok(g?.fixes, 'the copy follows the RRset in the same run of lines');
  const same = many + 'c TXT "x"\na A 192.0.2.1\n';
  const [h] = only(await lint(same), 'zone/duplicate-record');
  assert.ok(h?.fixes, 'one TTL');
});
