// The CLI's SARIF is valid against the official SARIF 2.1.0 schema (the OASIS rtm.5 schema, as
// shipped by @microsoft/jest-sarif), on the example zones and on inputs that stress it: several
// files and directories, findings with fixes and related locations, parse errors, an $INCLUDEd
// file, octoDNS YAML, a file name with spaces and non-ASCII characters. GitHub code scanning
// rejects an upload that does not validate.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist/cli.js');

// unicodeRegExp: false — the schema's language pattern has a stray ']' that only non-unicode regexps accept.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function sarifOf(args, cwd) {
  const r = spawnSync(process.execPath, [cli, 'lint', '--offline', '--format', 'sarif', ...args], { cwd, encoding: 'utf8', timeout: 60000 });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function assertValid(log, what) {
  const ok = validate(log);
  assert.ok(ok, `${what}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

test('SARIF of the example zones validates against the SARIF 2.1.0 schema', () => {
  const log = sarifOf(['examples/'], root);
  assertValid(log, 'examples');
  assert.ok(log.runs[0].results.length >= 10);
  assert.ok(log.runs[0].results.some((r) => r.fixes?.length), 'with fixes');
});

test('SARIF validates with related locations, parse errors, $INCLUDE, octoDNS, odd file names', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-sarif-'));
  try {
    const head = '$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n';
    fs.mkdirSync(path.join(dir, 'zones/keys'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'zones/example.com.zone'),
      '$ORIGIN example.com.\n' + head +
        '@ IN MX 10 mail\nmail IN A 192.0.2.25\n' +
        '@ IN TXT "v=spf1 +all"\n@ IN TXT "v=spf1 -all"\n' + // two SPF records: related locations
        '_dmarc IN TXT "v=DMARC1; p=none; pct=50"\n' +
        'bad IN A 999.1.1.1\n' + // a parse error
        '$INCLUDE keys/dkim.inc\n' +
        'broken IN TXT "unterminated\n',
    );
    fs.writeFileSync(path.join(dir, 'zones/keys/dkim.inc'), 'sel._domainkey IN TXT "v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"\n');
    fs.writeFileSync(path.join(dir, 'zones/exämple org.zone'), '$ORIGIN example.org.\n' + head + '@ IN TXT "v=spf1 ~all"\n');
    fs.writeFileSync(
      path.join(dir, 'zones/example.net.yaml'),
      "---\n'':\n  - type: TXT\n    values:\n      - v=spf1 include:_spf.example.com ?all\n_dmarc:\n  type: TXT\n  value: v=DMARC1; p=none\n",
    );
    const log = sarifOf(['zones'], dir);
    assertValid(log, 'mixed inputs');
    const results = log.runs[0].results;
    assert.ok(results.some((r) => r.relatedLocations?.length), 'with related locations');
    assert.ok(results.some((r) => r.ruleId === 'zone/syntax'), 'with parse errors');
    const uris = new Set(results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
    assert.ok([...uris].some((u) => u.includes('dkim.inc')), `the included file has results: ${[...uris].join(', ')}`);
    assert.ok([...uris].some((u) => u.includes('ex%C3%A4mple%20org.zone')), `odd names are URI-encoded: ${[...uris].join(', ')}`);
    assert.ok([...uris].some((u) => u.endsWith('.yaml')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SARIF of a clean zone (no results) validates too', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-sarif-'));
  try {
    fs.writeFileSync(path.join(dir, 'example.com.zone'), '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n');
    const log = sarifOf(['example.com.zone'], dir);
    assertValid(log, 'clean');
    assert.equal(log.runs[0].results.length, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
