import { absoluteName, type DnsRecord, type Token } from '../../model';
import type { Rule } from '../../rule';
import { bare } from '../../policy/names';
import { isBase32Hex } from '../../zone';

// BIND's check-names (named.conf; the default for a primary zone is `fail`, and named-compilezone's
// `-k fail`): host names must be host names (RFC 952/1123: letters, digits and inner hyphens per
// label), or named refuses to load the whole zone ("bad owner name (check-names)", "bad name").
// Owners of address and MX records (a leading `*` label allowed), and the names that MX, NS, SRV,
// SOA, PTR (in reverse zones), KX, RT, AFSDB and PX records point at; the SOA's and RP's mailboxes
// may have anything printable in their first label. named-checkzone only warns (its `-k warn`).

/** The labels of a presentation-form name as byte strings (escapes `\.` and `\DDD` decoded). */
function labels(name: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '\\') {
      const d = /^\d{3}/.exec(name.slice(i + 1, i + 4));
      if (d) {
        cur += String.fromCharCode(Number(d[0]));
        i += 3;
      } else if (i + 1 < name.length) cur += name[++i];
    } else if (c === '.') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur !== '') out.push(cur);
  return out;
}

const alnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** The first label that is no host-name label (BIND's dns_name_ishostname), or undefined when all are. */
function badHostLabel(name: string, wildcard: boolean, skipFirst = false): string | undefined {
  if (/^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*$/.test(name) && (wildcard || !name.startsWith('*'))) return undefined;
  const ls = labels(name);
  for (let k = 0; k < ls.length; k++) {
    const l = ls[k];
    if (k === 0 && (skipFirst || (wildcard && l === '*'))) continue;
    for (let i = 0; i < l.length; i++) {
      const c = l.charCodeAt(i);
      if (i === 0 || i === l.length - 1 ? !alnum(c) : !alnum(c) && c !== 45) return l;
    }
  }
  return undefined;
}

/** A mailbox name (SOA RNAME, RP mbox): a first label of printable characters, then a host name. */
function badMailbox(name: string): string | undefined {
  const ls = labels(name);
  if (ls.length === 0) return undefined; // the root: "no mailbox"
  for (let i = 0; i < ls[0].length; i++) {
    const c = ls[0].charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return ls[0];
  }
  return badHostLabel(name, false, true);
}

const OWNER_HOST = new Set(['A', 'AAAA', 'A6', 'MX', 'WKS']);

/**
 * True when `label` is base32hex without padding that decodes exactly (RFC 4648 §7, as BIND's
 * isc_base32hexnp_decoderegion takes it): what the first label of an NSEC3 owner must be, the hash.
 */
function isBase32HexHash(label: string): boolean {
  if (!isBase32Hex(label)) return false;
  // The bits of the last character past the last whole byte must be zero.
  const extra = ((label.length % 8) * 5) % 8;
  return extra === 0 || (parseInt(label[label.length - 1], 32) & ((1 << extra) - 1)) === 0;
}

const TARGET_HOST = new Set(['MX', 'NS', 'SRV', 'KX', 'RT', 'AFSDB', 'PX']);

const show = (l: string) => l.replace(/[^\x21-\x7e]/g, (c) => '\\' + String(c.charCodeAt(0)).padStart(3, '0'));

export const checkNames: Rule = {
  id: 'zone/check-names',
  severity: 'error',
  types: ['A', 'AAAA', 'A6', 'MX', 'WKS', 'NS', 'SRV', 'KX', 'RT', 'AFSDB', 'PX', 'SOA', 'PTR', 'RP', 'NSEC3'],
  docs: {
    summary: 'A name that must be a host name is not one (an underscore, a leading or trailing hyphen): named refuses to load the zone (check-names).',
    details:
      'BIND checks the names that stand for hosts (check-names, RFC 952 and RFC 1123: letters, digits and hyphens, each label starting and ending with a letter or digit): the owners of A, AAAA and MX records (`*` may be the first label), and the hosts that MX, NS, SRV, SOA and PTR (in reverse zones) records name. ' +
      'With `check-names fail`, the default for a primary zone in named.conf and of `named-compilezone`, named refuses to load the whole zone ("bad owner name (check-names)"), so none of its records, SPF, DMARC and DKIM included, are served; `named-checkzone` only warns. ' +
      'Names that are not hosts may have underscores and are not checked: `_dmarc`, `s1._domainkey`, `_spf` TXT records, `_sip._tcp` SRV owners. ' +
      'The same check wants an NSEC3 record\'s owner to start with a hash in base32hex (RFC 5155 §3), which a hand-written one often does not.\n\n' +
      'Fix: rename the host with a hyphen instead of the underscore (`web-1`, not `web_1`). If the zone is served by something other than BIND, or named.conf says `check-names ignore`, turn this rule off.',
    bad: 'web_1 IN A 192.0.2.10',
    good: 'web-1 IN A 192.0.2.10',
  },
  onRecord(rec, ctx) {
    if (rec.format !== 'zone' || rec.class !== 'IN') return;
    const t = rec.type;
    if (OWNER_HOST.has(t)) {
      const bad = badHostLabel(rec.owner, true);
      if (bad !== undefined) report(rec.ownerTok ?? rec.typeTok, `the owner ${bare(rec.owner)} of this ${t} record`, bad, 'bad owner name (check-names)');
    }
    if (t === 'NSEC3') {
      const first = labels(rec.owner)[0] ?? '';
      if (!isBase32HexHash(first))
        ctx.report({
          start: (rec.ownerTok ?? rec.typeTok).start,
          end: (rec.ownerTok ?? rec.typeTok).end,
          message: `An NSEC3 record lives at the hash of a name: the first label of its owner must be that hash in base32hex (RFC 5155 §3), and \`${show(first)}\` is not one. named refuses to load the zone ("bad owner name (check-names)"), so none of its records are served. Let the signer write NSEC3 records (dnssec-signzone, or named's inline signing) instead of writing them by hand.`,
        });
      return;
    }
    const target = rec.target;
    if (target !== undefined && (TARGET_HOST.has(t) || (t === 'PTR' && /\.(in-addr|ip6)\.arpa\.$/.test(rec.owner)))) {
      const bad = badHostLabel(target, false);
      if (bad !== undefined) report(rec.targetTok ?? rec.typeTok, `the ${t === 'MX' ? 'mail server' : t === 'NS' ? 'name server' : 'host'} ${bare(target)} this ${t} record names`, bad, 'bad name (check-names)');
    }
    if (t === 'SOA' && rec.fields.length >= 2) {
      const [mname, rname] = rec.fields;
      const m = absolute(mname.text, rec);
      const badM = m !== undefined ? badHostLabel(m, false) : undefined;
      if (badM !== undefined) report(mname, `the primary server ${bare(m!)} in this SOA`, badM, 'bad name (check-names)');
      const r = absolute(rname.text, rec);
      const badR = r !== undefined ? badMailbox(r) : undefined;
      if (badR !== undefined) report(rname, `the contact mailbox ${bare(r!)} in this SOA`, badR, 'bad name (check-names)');
    }

    function report(tok: Token, what: string, label: string, bindSays: string) {
      ctx.report({
        start: tok.start,
        end: tok.end,
        message: `${what[0].toUpperCase()}${what.slice(1)} is no host name: the label \`${show(label)}\` has ${/_/.test(label) ? 'an underscore' : 'a character other than letters, digits and inner hyphens'}. named refuses to load the zone with its default check-names for primary zones ("${bindSays}"), so none of its records are served. Write it with letters, digits and hyphens (\`${show(label).replace(/_/g, '-')}\`), or turn this rule off if the zone is not served by BIND.`,
      });
    }
  },
};

/** An SOA field as an absolute, lower-cased name (relative to the $ORIGIN in force there), or undefined. */
function absolute(text: string, rec: DnsRecord): string | undefined {
  const origin = (rec as { meta?: { origin?: unknown } }).meta?.origin;
  return typeof origin === 'string' ? absoluteName(text, origin) : undefined;
}
