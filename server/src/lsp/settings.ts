// The `mailzone.*` settings (package.json contributes.configuration), pulled with
// workspace/configuration; clients without it may push them in initializationOptions.settings or
// workspace/didChangeConfiguration. Anything malformed falls back to the default.
import type { DnsLookupMode, LintOptions, Severity } from '../engine';
import { MAX_DNS_TIMEOUT_MS } from '../engine/live-resolver';

export interface Settings {
  rules: Record<string, Severity | 'off'>;
  dns: { lookups: DnsLookupMode; servers: string[]; timeoutMs: number };
  octodns: { filePatterns: string[] };
  m365: { enabled: boolean };
  /** Diagnostics published per file (errors first, as VS Code shows them); 0: no limit. */
  maxNumberOfProblems: number;
}

/** VS Code itself shows at most 1000 diagnostics per file (errors first); more is only traffic. */
export const DEFAULT_MAX_PROBLEMS = 1000;

export const DEFAULT_OCTODNS_PATTERNS = ['**/config/**/*.{yaml,yml}', '**/zones/**/*.{yaml,yml}', '**/octodns/**/*.{yaml,yml}'];

export function defaultSettings(): Settings {
  return {
    rules: {},
    dns: { lookups: 'workspace', servers: [], timeoutMs: 2000 },
    octodns: { filePatterns: [...DEFAULT_OCTODNS_PATTERNS] },
    m365: { enabled: true },
    maxNumberOfProblems: DEFAULT_MAX_PROBLEMS,
  };
}

const SEVS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/**
 * Normalises what a client sent: the `mailzone` section as an object (`{ rules, dns: { lookups } }`)
 * or with dotted keys (`{ "dns.lookups": "live" }`), as some clients send them flat.
 */
export function normaliseSettings(raw: unknown): Settings {
  const s = defaultSettings();
  if (!raw || typeof raw !== 'object') return s;
  const r = raw as Record<string, unknown>;
  const get = (dotted: string): unknown => {
    if (dotted in r) return r[dotted];
    let cur: unknown = r;
    for (const part of dotted.split('.')) {
      if (!cur || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  };
  const rules = get('rules');
  if (rules && typeof rules === 'object') {
    for (const [id, v] of Object.entries(rules as Record<string, unknown>)) {
      if (typeof v === 'string' && SEVS.has(v)) s.rules[id] = v as Severity | 'off';
    }
  }
  const lookups = get('dns.lookups');
  if (lookups === 'off' || lookups === 'workspace' || lookups === 'live') s.dns.lookups = lookups;
  const servers = get('dns.servers');
  if (Array.isArray(servers)) s.dns.servers = servers.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  const timeout = get('dns.timeoutMs');
  if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0) s.dns.timeoutMs = Math.min(timeout, MAX_DNS_TIMEOUT_MS); // node:dns waits no longer
  const pats = get('octodns.filePatterns');
  if (Array.isArray(pats)) s.octodns.filePatterns = pats.filter((x): x is string => typeof x === 'string' && x !== '');
  const m365 = get('m365.enabled');
  if (typeof m365 === 'boolean') s.m365.enabled = m365;
  const max = get('maxNumberOfProblems');
  if (typeof max === 'number' && Number.isFinite(max) && max >= 0) s.maxNumberOfProblems = Math.floor(max);
  return s;
}

/** The engine's options for these settings; live DNS only in a trusted workspace. */
export function lintOptions(s: Settings, trusted: boolean, signal?: AbortSignal): LintOptions {
  let dns = s.dns.lookups;
  if (dns === 'live' && !trusted) dns = 'workspace';
  return { rules: s.rules, dns, m365: s.m365.enabled, signal };
}

/** A glob (`**`, `*`, `?`, `{a,b}`) as a regular expression over '/'-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) {
        re += '\\{';
        continue;
      }
      re += '(?:' + glob.slice(i + 1, close).split(',').map(escapeRe).join('|') + ')';
      i = close;
    } else re += escapeRe(c);
  }
  // A pattern without a leading ** or / matches at any depth below the folder, as VS Code's do.
  return new RegExp((glob.startsWith('/') || glob.startsWith('**') ? '^' : '(?:^|/)') + re + '$');
}

function escapeRe(s: string): string {
  return s.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

export function matchesAny(p: string, patterns: string[]): boolean {
  const norm = p.replace(/\\/g, '/');
  return patterns.some((g) => globToRegExp(g).test(norm));
}
