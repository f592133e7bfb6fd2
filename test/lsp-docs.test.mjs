// docs/rules.md is generated from the registry; every diagnostic's codeDescription link must land
// on an anchor of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { renderRuleDocs } from '../scripts/gen-rule-docs.mjs';

const require = createRequire(import.meta.url);
const engine = require('../dist/engine.js');

test('rule docs: one anchor per rule, matching the diagnostics links, with the docs text', () => {
  const md = renderRuleDocs(engine.allRules);
  const anchors = new Set([...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
  assert.ok(engine.allRules.length > 0);
  for (const r of engine.allRules) {
    const url = engine.ruleDocUrl(r.id);
    assert.ok(url.startsWith('https://github.com/mailzone/mailzone/blob/main/docs/rules.md#'), url);
    const frag = url.slice(url.indexOf('#') + 1);
    assert.equal(frag, r.id.replace(/\//g, '-'), 'anchor is the ID with / turned into -');
    assert.ok(anchors.has(frag), `no anchor for ${r.id}`);
    assert.ok(md.includes(`### \`${r.id}\`\n\n**${r.docs.summary}**`), `no section for ${r.id}`);
  }
  // No two rules share an anchor.
  const frags = engine.allRules.map((r) => engine.ruleAnchor(r.id));
  assert.equal(new Set(frags).size, frags.length);
});

test('docs/rules.md in the repository has a section for every registered rule (else run `npm run docs`)', async () => {
  const fs = await import('node:fs');
  const md = fs.readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');
  const missing = engine.allRules.filter((r) => !md.includes(`<a id="${engine.ruleAnchor(r.id)}"></a>`)).map((r) => r.id);
  assert.deepEqual(missing, [], `docs/rules.md lacks ${missing.join(', ')}: run \`npm run docs\``);
});

test('docs/rules.md says what the rule modules say (the hover, SARIF help and docs share one source; else run `npm run docs`)', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [new URL('../scripts/gen-rule-docs.mjs', import.meta.url).pathname, '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
