import type { Rule } from '../../rule';
import { readTlsa } from './dane';

export const daneMatchingFull: Rule = {
  id: 'dane/matching-full',
  severity: 'info',
  types: ['TLSA'],
  docs: {
    summary: 'TLSA matching type 0 (full data)',
    details:
      'Matching type 0 publishes the whole certificate or key instead of its hash: large answers that may not fit UDP, and records that must change in lock step with the data. ' +
      'RFC 7671 §10.1.2 advises against publishing full data (`X 0 0` above all) and recommends a digest: SHA-256 (matching type 1).\n\nFix: publish the SHA-256 hash (`3 1 1 …`).',
  },
  onRecord(rec, ctx) {
    const t = readTlsa(rec);
    if (!t || t.mtype !== 0) return;
    ctx.report({
      start: t.mtypeTok.start,
      end: t.mtypeTok.end,
      message: 'TLSA matching type 0 publishes the full certificate data: large DNS answers that may be truncated. Publish its SHA-256 hash instead (matching type 1).',
    });
  },
};
