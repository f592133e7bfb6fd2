// "Generate Microsoft 365 records": the email-authentication record set of a domain that uses
// Exchange Online — MX, SPF, the two DKIM CNAMEs, DMARC, MTA-STS and TLS-RPT — written into the
// open zone file or octoDNS YAML in that file's own format. Records that already exist are kept;
// an SPF record without the Microsoft include gets the include added.
import { isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { absoluteName, cmpNatStr, type DnsRecord, type Zone } from '../engine';
import { emailKind, joinedTxt } from './classify';

export interface M365Params {
  textDocument: { uri: string };
  /** The mail domain ("example.com"). */
  domain: string;
  /**
   * The tenant: "contoso" or "contoso.onmicrosoft.com" (legacy DKIM form), or the May 2025 form's
   * suffix "contoso.n-v1.dkim.mail.microsoft" as the Defender portal shows it.
   */
  tenant: string;
  /** Optional: DMARC report address (default dmarc-reports@<domain>). */
  rua?: string;
  /** Optional: the MTA-STS policy id (default: the current UTC date and time). */
  stsId?: string;
}

export interface M365Result {
  edit: WorkspaceEdit;
  added: string[];
  skipped: string[];
  error?: string;
}

interface Planned {
  name: string; // absolute
  type: 'MX' | 'TXT' | 'CNAME';
  label: string;
  /** Zone-file rdata. */
  rdata: string;
  /** octoDNS value. */
  value: unknown;
}

const SPF_INCLUDE = 'include:spf.protection.outlook.com';

export function dkimTarget(domain: string, tenant: string, selector: 1 | 2): string {
  const dashed = domain.replace(/\.$/, '').replace(/\./g, '-');
  const t = tenant.trim().toLowerCase().replace(/\.$/, '');
  if (/\.dkim\.mail\.microsoft$/.test(t)) return `selector${selector}-${dashed}._domainkey.${t}.`;
  const name = t.replace(/\.onmicrosoft\.com$/, '');
  return `selector${selector}-${dashed}._domainkey.${name}.onmicrosoft.com.`;
}

export function m365Plan(domain: string, tenant: string, rua?: string, stsId?: string): Planned[] {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const abs = d + '.';
  const dashed = d.replace(/\./g, '-');
  const id = stsId ?? new Date().toISOString().replace(/[^0-9]/g, '').slice(0, 14);
  const mailto = rua ?? `dmarc-reports@${d}`;
  const mx = `${dashed}.mail.protection.outlook.com.`;
  return [
    { name: abs, type: 'MX', label: 'MX', rdata: `0 ${mx}`, value: { exchange: mx, preference: 0 } },
    { name: abs, type: 'TXT', label: 'SPF', rdata: `"v=spf1 ${SPF_INCLUDE} -all"`, value: `v=spf1 ${SPF_INCLUDE} -all` },
    { name: `selector1._domainkey.${abs}`, type: 'CNAME', label: 'DKIM selector1', rdata: dkimTarget(d, tenant, 1), value: dkimTarget(d, tenant, 1) },
    { name: `selector2._domainkey.${abs}`, type: 'CNAME', label: 'DKIM selector2', rdata: dkimTarget(d, tenant, 2), value: dkimTarget(d, tenant, 2) },
    {
      name: `_dmarc.${abs}`,
      type: 'TXT',
      label: 'DMARC',
      rdata: `"v=DMARC1; p=quarantine; rua=mailto:${mailto}"`,
      value: `v=DMARC1\\; p=quarantine\\; rua=mailto:${mailto}`,
    },
    { name: `_mta-sts.${abs}`, type: 'TXT', label: 'MTA-STS', rdata: `"v=STSv1; id=${id}"`, value: `v=STSv1\\; id=${id}` },
    {
      name: `_smtp._tls.${abs}`,
      type: 'TXT',
      label: 'TLS-RPT',
      rdata: `"v=TLSRPTv1; rua=mailto:tls-reports@${d}"`,
      value: `v=TLSRPTv1\\; rua=mailto:tls-reports@${d}`,
    },
  ];
}

/** What already exists for a planned record: the same mechanism at the same name. */
function existing(zone: Zone | undefined, p: Planned): DnsRecord[] {
  if (!zone) return [];
  return zone.records.filter((r) => {
    if (r.owner !== p.name) return false;
    if (p.label === 'MX') return r.type === 'MX';
    if (p.label === 'SPF') return emailKind(r) === 'SPF';
    return true; // any record at _dmarc, selectorN._domainkey, _mta-sts, _smtp._tls
  });
}

function relative(name: string, origin: string): string | undefined {
  if (name === origin) return '@';
  if (origin === '.') return undefined;
  if (name.endsWith('.' + origin)) return name.slice(0, name.length - origin.length - 1);
  return undefined;
}

function fullRange(text: string) {
  const lines = text.split(/\r\n|\r|\n/);
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

function endPosition(text: string) {
  return fullRange(text).end;
}

export function m365Records(
  text: string,
  zone: Zone | undefined,
  format: 'zone' | 'octodns',
  params: M365Params,
  doc: { uri: string; version: number; documentChanges: boolean },
): M365Result {
  const domain = (params.domain ?? '').trim().toLowerCase().replace(/\.$/, '');
  const tenant = (params.tenant ?? '').trim();
  const empty: WorkspaceEdit = { changes: {} };
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(domain)) return { edit: empty, added: [], skipped: [], error: `"${params.domain}" is not a domain name` };
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(tenant)) return { edit: empty, added: [], skipped: [], error: `"${params.tenant}" is not a tenant name` };
  const plan = m365Plan(domain, tenant, params.rua, params.stsId);
  const added: string[] = [];
  const skipped: string[] = [];
  const edits: LspTextEdit[] = [];
  const todo: Planned[] = [];
  let spfInsertAt: number | undefined;
  for (const p of plan) {
    const have = existing(zone, p);
    if (have.length === 0) {
      todo.push(p);
      continue;
    }
    if (p.label === 'SPF' && zone) {
      const spf = have.find((r) => r.strings && r.strings.length);
      if (spf && !joinedTxt(spf).toLowerCase().includes(SPF_INCLUDE)) {
        // Add the include right after "v=spf1" in the first string.
        const s0 = spf.strings![0];
        spfInsertAt = s0.sourceOffset(Math.min(6, s0.value.length));
        const pos = zone.file.positionAt(spfInsertAt);
        edits.push({ range: { start: pos, end: pos }, newText: ' ' + SPF_INCLUDE });
        added.push(`SPF: ${SPF_INCLUDE} added to the existing record`);
        continue;
      }
    }
    skipped.push(`${p.label}: ${p.name} already has ${have.map((r) => r.type).join(', ')}`);
  }

  if (format === 'octodns') {
    const origin = zone?.origin ?? domain + '.';
    const base = spfInsertAt === undefined ? text : text.slice(0, spfInsertAt) + ' ' + SPF_INCLUDE + text.slice(spfInsertAt);
    const doc2 = parseDocument(base);
    let rewritten = false;
    if (!doc2.contents || !isMap(doc2.contents)) doc2.contents = doc2.createNode({}) as unknown as typeof doc2.contents;
    for (const p of todo) {
      const rel = relative(p.name, origin);
      if (rel === undefined) {
        skipped.push(`${p.label}: ${p.name} is outside this zone (${origin})`);
        continue;
      }
      const key = rel === '@' ? '' : rel;
      // Keys in natural order (ttl, type, value; names sorted): octoDNS refuses a file that is not.
      const rec = doc2.createNode({ ttl: 3600, type: p.type, value: p.value });
      const node = doc2.get(key, true);
      if (node === undefined) {
        const items = (doc2.contents as YAMLMap).items;
        const at = items.findIndex((it) => isScalar(it.key) && cmpNatStr(String(it.key.value), key) > 0);
        items.splice(at < 0 ? items.length : at, 0, doc2.createPair(key, rec));
      }
      else if (isSeq(node)) node.add(rec);
      else if (isMap(node)) {
        const seq = new YAMLSeq();
        seq.add(node);
        seq.add(rec);
        doc2.set(key, seq);
      } else {
        skipped.push(`${p.label}: the key '${key}' is not a record`);
        continue;
      }
      added.push(`${p.label} at ${p.name}`);
      rewritten = true;
    }
    if (rewritten) {
      // The whole document is rewritten (keys merged into existing lists); it includes the SPF edit.
      edits.length = 0;
      edits.push({ range: fullRange(text), newText: doc2.toString() });
    }
  } else if (todo.length) {
    // The origin in force at the end of the file decides whether names can be written relative.
    let origin = zone?.origin ?? '.';
    const re = /^\$ORIGIN[ \t]+(\S+)/gim;
    for (let m; (m = re.exec(text)); ) origin = m[1].endsWith('.') ? m[1].toLowerCase() : absoluteName(m[1], origin);
    const names = todo.map((p) => relative(p.name, origin) ?? p.name);
    const width = Math.max(...names.map((n) => n.length)) + 2;
    const typeWidth = 6;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    let block = (text.length && !/[\r\n]$/.test(text) ? eol : '') + eol;
    block += `; Microsoft 365 email authentication for ${domain} (generated by mailzone)${eol}`;
    todo.forEach((p, i) => {
      if (p.label === 'MTA-STS') block += `; MTA-STS also needs its policy at https://mta-sts.${domain}/.well-known/mta-sts.txt${eol}`;
      block += `${names[i].padEnd(width)}3600 IN ${p.type.padEnd(typeWidth)}${p.rdata}${eol}`;
      added.push(`${p.label} at ${p.name}`);
    });
    const end = endPosition(text);
    edits.push({ range: { start: end, end }, newText: block });
  }

  const edit: WorkspaceEdit = doc.documentChanges
    ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] }
    : { changes: { [doc.uri]: edits } };
  return { edit, added, skipped };
}
