// Invariants every parse and every lint must keep, whatever the input (used by the fuzz and
// hostile-input tests), and a runner that executes a job in a worker thread with a time and memory
// bound, so a hang or a blow-up fails the test instead of freezing the run.
import { Worker } from 'node:worker_threads';

function inside(file, s, what, out) {
  const len = file?.text?.length;
  if (len === undefined) {
    out.push(`${what}: no file`);
    return false;
  }
  if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end >= s.start && s.end <= len)) {
    out.push(`${what}: span [${s.start}, ${s.end}) outside [0, ${len}] of ${file.path}`);
    return false;
  }
  return true;
}

/** Violations of the record model's contract by a parsed zone (empty when all is well). */
export function zoneViolations(zone, { maxReport = 20 } = {}) {
  const out = [];
  const files = new Set(zone.files ?? []);
  if (!files.has(zone.file)) out.push('zone.files does not contain zone.file');
  for (const r of zone.records) {
    if (out.length >= maxReport) break;
    const f = r.file;
    if (!files.has(f)) out.push(`record at line ${r.line}: file not in zone.files`);
    inside(f, r, `record ${r.type} line ${r.line}`, out);
    const toks = [r.ownerTok, r.ttlTok, r.classTok, r.typeTok, r.targetTok, ...(r.fields ?? [])].filter(Boolean);
    for (const t of toks) {
      if (!inside(f, t, `token ${JSON.stringify(String(t.text).slice(0, 30))} of ${r.type} line ${r.line}`, out)) continue;
      if (r.format === 'zone' && f.text.slice(t.start, t.end) !== t.text)
        out.push(`token text ${JSON.stringify(String(t.text).slice(0, 30))} ≠ source ${JSON.stringify(f.text.slice(t.start, t.end).slice(0, 30))} (line ${r.line})`);
    }
    for (const s of r.strings ?? []) {
      if (!inside(f, s, `string of ${r.type} line ${r.line}`, out)) continue;
      for (let i = 0; i < s.value.length; i++) {
        if (s.value.charCodeAt(i) > 255) {
          out.push(`string of ${r.type} line ${r.line}: value char ${i} is U+${s.value.charCodeAt(i).toString(16)} (> 255, not a byte)`);
          break;
        }
      }
      // sourceOffset of a sample of byte indices, including the end.
      const n = s.value.length;
      for (const i of n <= 64 ? [...Array(n + 1).keys()] : [0, 1, n >> 1, n - 1, n]) {
        let o;
        try {
          o = s.sourceOffset(i);
        } catch (e) {
          out.push(`sourceOffset(${i}) threw ${e?.message}`);
          break;
        }
        if (!(o >= s.start && o <= s.end)) {
          out.push(`string of ${r.type} line ${r.line}: sourceOffset(${i}) = ${o} outside [${s.start}, ${s.end}]`);
          break;
        }
      }
    }
    if (typeof r.owner !== 'string' || !r.owner.endsWith('.')) out.push(`record line ${r.line}: owner ${JSON.stringify(r.owner)} not absolute`);
    if (!(r.line >= 1)) out.push(`record: line ${r.line} not ≥ 1`);
  }
  for (const p of zone.problems) {
    if (out.length >= maxReport) break;
    inside(p.file, p, `problem ${p.rule}`, out);
    if (!p.message || typeof p.message !== 'string') out.push(`problem ${p.rule} without a message`);
  }
  return out;
}

/** Violations by a lint run's findings (ranges, fixes' edits, related information). */
export function findingViolations(findings, { maxReport = 20 } = {}) {
  const out = [];
  for (const f of findings) {
    if (out.length >= maxReport) break;
    inside(f.file, f, `finding ${f.rule}`, out);
    if (!f.message) out.push(`finding ${f.rule} without a message`);
    if (!['error', 'warning', 'info', 'hint'].includes(f.severity)) out.push(`finding ${f.rule}: severity ${f.severity}`);
    for (const fix of f.fixes ?? []) for (const e of fix.edits ?? []) inside(e.file, e, `fix "${fix.title}" of ${f.rule}`, out);
    for (const r of f.related ?? []) inside(r.file, r, `related of ${f.rule}`, out);
  }
  return out;
}

/**
 * Runs `worker` (a module URL whose worker branch handles workerData) with a time bound and a heap
 * bound. Resolves with the worker's message; rejects on timeout, crash or out-of-memory.
 */
export function runBounded(moduleUrl, data, { timeoutMs = 30_000, maxOldMb = 1024 } = {}) {
  return new Promise((resolve, reject) => {
    const w = new Worker(moduleUrl, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: maxOldMb }, stdout: false, stderr: false });
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      w.terminate();
      reject(new Error(`did not return within ${timeoutMs} ms (hang or runaway work)`));
    }, timeoutMs);
    w.once('message', (m) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      w.terminate();
      resolve(m);
    });
    w.once('error', (e) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`worker crashed: ${e?.code ?? ''} ${e?.stack ?? e}`));
    });
    w.once('exit', (code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before answering`));
    });
  });
}

/** A finding/problem as plain data (workers post these back). */
export function plain(f) {
  const pos = f.file.positionAt(f.start);
  return { rule: f.rule, severity: f.severity, message: f.message, start: f.start, end: f.end, path: f.file.path, line: pos.line + 1, character: pos.character };
}
