// The TextMate grammar (syntaxes/zone.tmLanguage.json) tokenized by VS Code's own engine
// (vscode-textmate + vscode-oniguruma), so a zone reads well before the server even starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import tm from 'vscode-textmate';
import onig from 'vscode-oniguruma';

const require = createRequire(import.meta.url);
const grammarPath = new URL('../syntaxes/zone.tmLanguage.json', import.meta.url);

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new onig.OnigScanner(p), createOnigString: (s) => new onig.OnigString(s) }),
    loadGrammar: async (scope) =>
      scope === 'source.dns-zone' ? tm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath.pathname) : null,
  });
  return registry.loadGrammar('source.dns-zone');
}

const grammarP = loadGrammar();

/** Tokenizes lines; returns [text, scopes-without-root][] per line. */
async function tokens(text) {
  const g = await grammarP;
  let stack = tm.INITIAL;
  const out = [];
  for (const line of text.split('\n')) {
    const r = g.tokenizeLine(line, stack);
    stack = r.ruleStack;
    out.push(r.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.slice(1)]));
  }
  return out;
}

/** The innermost scope of the first token whose text is `text` on that line. */
function scopeOf(line, text) {
  const t = line.find(([s]) => s === text);
  assert.ok(t, `no token ${JSON.stringify(text)} in ${JSON.stringify(line.map(([s]) => s))}`);
  return t[1].at(-1);
}

test('grammar: directives, owners, TTLs, classes, types, comments', async () => {
  const [dir, ttl, rec, blank, cmt] = await tokens(
    '$ORIGIN example.com.\n$TTL 1h30m\nwww 3600 IN A 192.0.2.1 ; web\n    IN MX 10 mail.example.com.\n; mailzone-disable-next-line spf/soft-all',
  );
  assert.equal(scopeOf(dir, '$ORIGIN'), 'keyword.control.directive.dns-zone');
  assert.equal(scopeOf(ttl, '1h30m'), 'constant.numeric.dns-zone');
  assert.equal(scopeOf(rec, 'www'), 'entity.name.tag.owner.dns-zone');
  assert.equal(scopeOf(rec, '3600'), 'constant.numeric.dns-zone');
  assert.equal(scopeOf(rec, 'IN'), 'storage.modifier.class.dns-zone');
  assert.equal(scopeOf(rec, 'A'), 'storage.type.record.dns-zone');
  assert.equal(scopeOf(rec, '; web'), 'comment.line.semicolon.dns-zone');
  assert.equal(scopeOf(blank, 'MX'), 'storage.type.record.dns-zone');
  assert.equal(scopeOf(blank, 'mail.example.com.'), 'variable.other.name.dns-zone');
  assert.equal(scopeOf(cmt, 'mailzone-disable-next-line'), 'keyword.other.suppression.dns-zone');
});

test('grammar: strings and escapes; a ; inside a string is not a comment', async () => {
  const [l] = await tokens('@ TXT "a\\"b\\059c; d" "x"');
  assert.equal(scopeOf(l, '\\"'), 'constant.character.escape.dns-zone');
  assert.equal(scopeOf(l, '\\059'), 'constant.character.escape.dns-zone');
  assert.equal(scopeOf(l, 'c; d'), 'string.quoted.double.dns-zone');
  assert.ok(!l.some(([, s]) => s.some((x) => x.startsWith('comment'))));
  // An unterminated string ends with its line: the next line is not swallowed.
  const [, next] = await tokens('@ TXT "open\nwww IN A 192.0.2.1');
  assert.equal(scopeOf(next, 'www'), 'entity.name.tag.owner.dns-zone');
});

test('grammar: SPF version, qualifiers, mechanisms and modifiers inside the TXT string', async () => {
  const [l] = await tokens('@ IN TXT "v=spf1 mx -ip4:192.0.2.0/24 include:_spf.example.net ~all redirect=x.example"');
  assert.equal(scopeOf(l, 'v=spf1'), 'keyword.other.version.spf.dns-zone');
  assert.equal(scopeOf(l, 'mx'), 'keyword.other.mechanism.spf.dns-zone');
  assert.equal(scopeOf(l, '-'), 'keyword.operator.qualifier.spf.dns-zone');
  assert.equal(scopeOf(l, 'ip4'), 'keyword.other.mechanism.spf.dns-zone');
  assert.equal(scopeOf(l, 'include'), 'keyword.other.mechanism.spf.dns-zone');
  assert.equal(scopeOf(l, '~'), 'keyword.operator.qualifier.spf.dns-zone');
  assert.equal(scopeOf(l, 'all'), 'keyword.other.mechanism.spf.dns-zone');
  assert.equal(scopeOf(l, 'redirect'), 'keyword.other.modifier.spf.dns-zone');
  // Ordinary words in other TXT strings stay plain.
  const [w] = await tokens('@ TXT "a mx record is all you need"');
  assert.equal(scopeOf(w, 'a mx record is all you need'), 'string.quoted.double.dns-zone');
});

test('grammar: DMARC and DKIM tag names, versions and values', async () => {
  const [d, k] = await tokens('_dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\nsel._domainkey TXT ( "v=DKIM1; k=rsa; "');
  assert.equal(scopeOf(d, 'DMARC1'), 'keyword.other.version.dns-zone');
  assert.equal(scopeOf(d, 'p'), 'variable.other.tag.dns-zone');
  assert.equal(scopeOf(d, 'reject'), 'constant.language.value.dns-zone');
  assert.equal(scopeOf(d, 'rua'), 'variable.other.tag.dns-zone');
  assert.equal(scopeOf(k, 'DKIM1'), 'keyword.other.version.dns-zone');
  assert.equal(scopeOf(k, 'k'), 'variable.other.tag.dns-zone');
  assert.equal(scopeOf(k, 'rsa'), 'constant.language.value.dns-zone');
  assert.equal(scopeOf(k, '('), 'punctuation.section.parens.dns-zone');
});

test('grammar: directives, classes, types and SPF in any case (BIND and the linter read them so)', async () => {
  const [dir, rec, spf, wks] = await tokens('$origin example.com.\nwww in a 192.0.2.1\n@ txt "V=SPF1 MX -ALL"\nh WKS 192.0.2.2 TCP smtp');
  assert.equal(scopeOf(dir, '$origin'), 'keyword.control.directive.dns-zone');
  assert.equal(scopeOf(rec, 'in'), 'storage.modifier.class.dns-zone');
  assert.equal(scopeOf(rec, 'a'), 'storage.type.record.dns-zone');
  assert.equal(scopeOf(spf, 'txt'), 'storage.type.record.dns-zone');
  assert.equal(scopeOf(spf, 'V=SPF1'), 'keyword.other.version.spf.dns-zone');
  assert.equal(scopeOf(spf, 'MX'), 'keyword.other.mechanism.spf.dns-zone');
  assert.equal(scopeOf(wks, 'WKS'), 'storage.type.record.dns-zone');
});
