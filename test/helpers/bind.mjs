// What the BIND differential tests (bind-diff, bind-fuzz) share: reading `named-compilezone -o -`
// output into records, and comparing record lists as BIND and mailzone hold them.
import assert from 'node:assert/strict';

/** Decodes BIND's presentation of character-strings ("a\\b" "\200") into byte strings. */
export function bindStrings(rdata) {
  const out = [];
  let i = 0;
  while (i < rdata.length) {
    if (rdata[i] === ' ') {
      i++;
      continue;
    }
    assert.equal(rdata[i], '"', `BIND TXT rdata not quoted: ${rdata}`);
    i++;
    let s = '';
    while (rdata[i] !== '"') {
      if (rdata[i] === '\\') {
        if (/[0-9]/.test(rdata[i + 1])) {
          s += String.fromCharCode(Number(rdata.slice(i + 1, i + 4)));
          i += 4;
        } else {
          s += rdata[i + 1];
          i += 2;
        }
      } else s += rdata[i++];
    }
    i++;
    out.push(s);
  }
  return out;
}

/** The records `named-compilezone -o -` printed: { owner (lower-cased), ttl, class, type, rdata, strings? }. */
export function compiledRecords(stdout) {
  const recs = [];
  for (const line of stdout.split('\n')) {
    if (!line || line.startsWith(';') || line.startsWith('zone ') || line === 'OK') continue;
    const m = /^(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    assert.ok(m, `unexpected named-compilezone line: ${line}`);
    const [, owner, ttl, cls, type, rdata] = m;
    const rec = { owner: owner.toLowerCase(), ttl: Number(ttl), class: cls, type, rdata };
    if (type === 'TXT' || type === 'SPF') rec.strings = bindStrings(rdata);
    recs.push(rec);
  }
  return recs;
}

/**
 * BIND keeps one copy of identical records (RFC 2181 §5: an RRset has no duplicates); mailzone
 * lists every record written (zone/duplicate-record reports the copies).
 */
export function oneCopy(recs) {
  const seen = new Set();
  return recs.filter((r) => {
    const k = `${r.owner} ${r.class} ${r.type} ${r.rdata}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** What only `a` has and what only `b` has, counting repeats. */
export function multisetDiff(a, b) {
  const count = new Map();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  for (const x of b) count.set(x, (count.get(x) ?? 0) - 1);
  const onlyA = [];
  const onlyB = [];
  for (const [k, v] of count) {
    for (let i = 0; i < v; i++) onlyA.push(k);
    for (let i = 0; i < -v; i++) onlyB.push(k);
  }
  return { onlyA, onlyB };
}
