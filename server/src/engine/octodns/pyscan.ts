// Where PyYAML's scanner (octoDNS reads record files with PyYAML's SafeLoader) parts from what the
// `yaml` package reads: found by the differential test against PyYAML (test/octodns-pyyaml). Each
// check runs on a document yaml read without errors, only when the text has the characters it is
// about, and gives the first place PyYAML refuses or reads otherwise.
import { isMap, isSeq, visit, type Document } from 'yaml';

/**
 * A `?` in a plain scalar inside a flow collection (`values: [v=spf1 ?all]`, `{value: a?b}`):
 * PyYAML ends a plain scalar in a flow collection at `?` (its scanner stops at `,?[]{}` there) and
 * reads `?` as a mapping key indicator, so it refuses the file ("expected ',' or ']', but got
 * '?'") or, for a scalar starting with `?` (`[?all]`), reads a mapping. YAML 1.2 and the yaml
 * package keep the `?` in the string. Returns the offset of the first such `?`, or -1.
 */
export function flowQuestionMark(text: string, doc: Document): number {
  if (text.indexOf('?') < 0 || !/[[{]/.test(text)) return -1;
  let first = -1;
  visit(doc, {
    Scalar(_k, n, path) {
      if (n.type !== 'PLAIN' || !n.range || typeof n.source !== 'string' || n.source.indexOf('?') < 0) return;
      let parent: unknown;
      for (let i = path.length - 1; i >= 0 && parent === undefined; i--) if (isMap(path[i]) || isSeq(path[i])) parent = path[i];
      if (!(parent as { flow?: boolean } | undefined)?.flow) return;
      const at = text.indexOf('?', n.range[0]);
      if (at >= 0 && at < n.range[1] && (first < 0 || at < first)) first = at;
    },
  });
  return first;
}
