// The `mailzone.*` settings (package.json contributes.configuration), pulled with
// workspace/configuration; clients without it may push them in initializationOptions.settings or
// workspace/didChangeConfiguration. Anything malformed falls back to the default, and is described
// for the user (the server shows it as one warning per settings change).
import type { DnsLookupMode, LintOptions, Severity } from '../engine';
import { isIP } from 'node:net';
import { MAX_DNS_TIMEOUT_MS } from '../engine/live-resolver';
import { didYouMean as nearest } from '../engine/policy/similar';

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
/** The lowest per-query timeout the manifest allows (package.json mailzone.dns.timeoutMs minimum). */
export const MIN_DNS_TIMEOUT_MS = 100;

/** The keys of the `mailzone` section (package.json), nested and flat (`dns.lookups`). */
const KNOWN_KEYS = new Set([
  'rules',
  'dns',
  'dns.lookups',
  'dns.servers',
  'dns.timeoutMs',
  'octodns',
  'octodns.filePatterns',
  'm365',
  'm365.enabled',
  'maxNumberOfProblems',
  'trace',
  'trace.server',
]);

const show = (v: unknown): string => {
  try {
    const j = JSON.stringify(v);
    return j === undefined ? String(v) : j.length > 80 ? j.slice(0, 77) + '…' : j;
  } catch {
    return String(v);
  }
};

/**
 * Normalises what a client sent: the `mailzone` section as an object (`{ rules, dns: { lookups } }`)
 * or with dotted keys (`{ "dns.lookups": "live" }`), as some clients send them flat. A value that
 * cannot be used falls back to the default; when `problems` is given, each such value is described
 * there (key, value, what is used instead) for the user to see.
 */
export function normaliseSettings(raw: unknown, problems: string[] = [], ruleIds: readonly string[] = []): Settings {
  const s = defaultSettings();
  const d = defaultSettings();
  if (raw === undefined || raw === null) return s;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`mailzone: ${show(raw)} is not an object of settings: the defaults are used`);
    return s;
  }
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
  const given = (v: unknown) => v !== undefined && v !== null;
  const bad = (key: string, v: unknown, why: string, instead: string) => problems.push(`${key}: ${show(v)} ${why}: ${instead}`);

  // Keys that are not settings (a typo, or a setting that does not exist, like `dns.mode`).
  for (const [k, v] of Object.entries(r)) {
    if (!KNOWN_KEYS.has(k) && !k.startsWith('rules.')) {
      problems.push(`${k}: not a mailzone setting${nearest(k, [...KNOWN_KEYS].filter((x) => x.includes('.') || x === 'rules' || x === 'maxNumberOfProblems'))}: ignored`);
      continue;
    }
    if ((k === 'dns' || k === 'octodns' || k === 'm365' || k === 'trace') && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const sub of Object.keys(v)) {
        const full = `${k}.${sub}`;
        if (!KNOWN_KEYS.has(full)) problems.push(`${full}: not a mailzone setting${nearest(full, [...KNOWN_KEYS].filter((x) => x.startsWith(k + '.')))}: ignored`);
      }
    }
  }

  const rules = get('rules');
  const known = new Set(ruleIds);
  const takeRule = (id: string, v: unknown) => {
    if (known.size && !known.has(id)) {
      bad(`rules.${id}`, v, `names no mailzone rule${nearest(id, ruleIds)}`, 'ignored');
      return;
    }
    if (typeof v === 'string' && SEVS.has(v)) s.rules[id] = v as Severity | 'off';
    else bad(`rules.${id}`, v, 'is not error, warning, info, hint or off', "the rule's default severity is used");
  };
  if (given(rules)) {
    if (typeof rules === 'object' && !Array.isArray(rules)) for (const [id, v] of Object.entries(rules as Record<string, unknown>)) takeRule(id, v);
    else bad('rules', rules, 'is not an object of rule IDs and severities', 'every rule keeps its default severity');
  }
  for (const [k, v] of Object.entries(r)) if (k.startsWith('rules.')) takeRule(k.slice('rules.'.length), v);

  const lookups = get('dns.lookups');
  if (lookups === 'off' || lookups === 'workspace' || lookups === 'live') s.dns.lookups = lookups;
  else if (given(lookups)) bad('dns.lookups', lookups, 'is not off, workspace or live', `"${d.dns.lookups}" is used`);

  const servers = get('dns.servers');
  if (given(servers)) {
    const list = typeof servers === 'string' ? [servers] : Array.isArray(servers) ? servers : undefined;
    if (!list) bad('dns.servers', servers, 'is not a list of DNS server addresses', 'the system resolver is used');
    else {
      if (typeof servers === 'string') bad('dns.servers', servers, 'is not a list', servers.trim() ? `read as [${show(servers)}]` : 'the system resolver is used');
      for (const x of list) {
        if (typeof x === 'string' && x.trim() === '') continue;
        if (typeof x === 'string' && isServerAddress(x)) s.dns.servers.push(x.trim());
        else bad('dns.servers', x, 'is not an IP address (192.0.2.53, 192.0.2.53:5353, 2001:db8::53, [2001:db8::53]:5353)', 'left out');
      }
      if (list.length && !s.dns.servers.length && list.some((x) => !(typeof x === 'string' && x.trim() === ''))) problems.push('dns.servers: no usable address: the system resolver is used');
    }
  }

  const timeout = get('dns.timeoutMs');
  if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0) {
    s.dns.timeoutMs = Math.min(timeout, MAX_DNS_TIMEOUT_MS); // node:dns waits no longer
    if (timeout > MAX_DNS_TIMEOUT_MS) bad('dns.timeoutMs', timeout, `is above ${MAX_DNS_TIMEOUT_MS} (Node's DNS resolver waits no longer)`, `${MAX_DNS_TIMEOUT_MS} is used`);
    if (timeout < MIN_DNS_TIMEOUT_MS) {
      s.dns.timeoutMs = MIN_DNS_TIMEOUT_MS;
      bad('dns.timeoutMs', timeout, `is below ${MIN_DNS_TIMEOUT_MS}`, `${MIN_DNS_TIMEOUT_MS} is used`);
    }
  } else if (given(timeout)) bad('dns.timeoutMs', timeout, `is not a number of milliseconds (${MIN_DNS_TIMEOUT_MS} to ${MAX_DNS_TIMEOUT_MS})`, `${d.dns.timeoutMs} is used`);

  const pats = get('octodns.filePatterns');
  if (Array.isArray(pats)) {
    s.octodns.filePatterns = pats.filter((x): x is string => typeof x === 'string' && x !== '');
    for (const x of pats) if (typeof x !== 'string') bad('octodns.filePatterns', x, 'is not a glob pattern (a string)', 'left out');
  } else if (given(pats)) bad('octodns.filePatterns', pats, 'is not a list of glob patterns', 'the default patterns are used');

  const m365 = get('m365.enabled');
  if (typeof m365 === 'boolean') s.m365.enabled = m365;
  else if (given(m365)) bad('m365.enabled', m365, 'is not true or false', `${d.m365.enabled} is used`);

  const max = get('maxNumberOfProblems');
  if (typeof max === 'number' && Number.isFinite(max) && max >= 0) s.maxNumberOfProblems = Math.floor(max);
  else if (given(max)) bad('maxNumberOfProblems', max, 'is not a number ≥ 0 (0: no limit)', `${d.maxNumberOfProblems} is used`);
  return s;
}

/** An address c-ares' setServers takes: an IP, `IPv4:port`, or `[IPv6]:port`. */
export function isServerAddress(x: string): boolean {
  const t = x.trim();
  const port = (p: string | undefined) => p === undefined || (/^\d{1,5}$/.test(p) && Number(p) > 0 && Number(p) < 65536);
  let m = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (m) return isIP(m[1]) === 6 && port(m[2]);
  if (isIP(t)) return true;
  m = /^([^:]+):(\d+)$/.exec(t);
  return !!m && isIP(m[1]) === 4 && port(m[2]);
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
