// What DMARC records mean to receivers (RFC 9989, with RFC 7489 where it still matters): the hover
// summaries and tag docs, and the DMARC/BIMI rules whose messages describe receiver behaviour.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';
import { of } from './helpers/findings.mjs';

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
