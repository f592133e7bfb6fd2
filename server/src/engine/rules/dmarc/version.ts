import type { Rule } from '../../rule';
import { printable } from '../../taglist';
import { besideDmarc, discardedBesideDmarc, dmarcView, gluedTag } from '../../policy/dmarc';
import { replaceJoined } from '../../policy/edits';

export const dmarcVersion: Rule = {
  id: 'dmarc/version',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`v=DMARC1` missing, misspelt, or not the first tag',
    details:
      'RFC 9989 §4.7: the `v` tag is required, must be exactly `DMARC1` and must come first. A record that does not start with `v=DMARC1` is discarded by receivers, ' +
      'so the domain is left without any DMARC policy. A TXT record there that is not a DMARC record at all (a verification token: no `v=DMARC1`, no DMARC tag) beside the DMARC record is discarded too, harmlessly, and not reported; one with DMARC tags (a record split over two TXT records) is reported, as its tags are discarded with it.\n\nFix: start the record with `v=DMARC1;`.',
    bad: '_dmarc IN TXT "p=reject; v=DMARC1"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || d.versionOk || discardedBesideDmarc(d, ctx)) return;
    const tl = d.tl;
    const first = tl.tags[0];
    const v = tl.get('v');
    const fixes = [];
    let start: number;
    let end: number;
    let message: string;
    const glued = first && first.key === 'v' && first.name === 'v' && first.value.startsWith('DMARC1') ? gluedTag(first) : undefined;
    if (first && glued && first.value.slice(0, glued.at - first.valueAt) === 'DMARC1') {
      start = first.span.start;
      end = first.span.end;
      message = `A ";" is missing after v=DMARC1: receivers read the version as "${printable(first.value)}" and discard the whole record. Insert ";" before ${glued.name}=.`;
      const e = replaceJoined(rec, tl, glued.at, glued.at, ';');
      if (e) fixes.push({ title: 'Insert the missing ";"', edits: [e], preferred: true });
    } else if (first && first.key === 'v') {
      start = first.span.start;
      end = first.span.end;
      message = `The version tag is "${printable(first.name)}=${printable(first.value)}" but must be exactly "v=DMARC1"; receivers discard a record with any other version. Rewrite it as v=DMARC1.`;
      const e = replaceJoined(rec, tl, first.nameAt, first.endAt, 'v=DMARC1');
      if (e) fixes.push({ title: 'Rewrite as v=DMARC1', edits: [e], preferred: true });
    } else if (v) {
      start = v.span.start;
      end = v.span.end;
      message = 'v=DMARC1 must be the first tag of the record; receivers discard a record that starts with anything else. Move it to the front.';
      // Remove v where it is and put it at the front.
      const next = tl.tags[v.index + 1];
      const prev = tl.tags[v.index - 1]!;
      const rm = next ? replaceJoined(rec, tl, v.nameAt, next.nameAt, '') : replaceJoined(rec, tl, prev.endAt, v.endAt, '');
      const ins = replaceJoined(rec, tl, first!.nameAt, first!.nameAt, 'v=DMARC1; ');
      if (rm && ins) fixes.push({ title: 'Move v=DMARC1 to the front', edits: [ins, rm], preferred: true });
    } else {
      start = first ? first.span.start : tl.span.start;
      end = first ? first.span.end : tl.span.end;
      const beside = besideDmarc(d, ctx);
      message = beside
        ? 'This record at _dmarc has no v=DMARC1 tag, so receivers discard it: its tags are not added to the DMARC record beside it, which receivers read alone. Move its tags into that record and delete this one.'
        : 'The record at _dmarc has no v=DMARC1 tag, so receivers ignore it and the domain has no DMARC policy. Start the record with "v=DMARC1;".';
      const at = first ? first.nameAt : 0;
      // Beside a DMARC record, v=DMARC1 here would make two DMARC records (receivers then apply none).
      const ins = beside ? undefined : replaceJoined(rec, tl, at, at, first ? 'v=DMARC1; ' : 'v=DMARC1');
      if (ins) fixes.push({ title: 'Insert v=DMARC1 at the start', edits: [ins], preferred: true });
    }
    ctx.report({ start, end, message, fixes });
  },
};
