// mailzone command line: a thin adapter over the engine (../shared/spec/cli.md).
//   mailzone lint [options] <file|dir>…
//   mailzone records [--origin NAME] <file>
import * as fs from 'node:fs';
import * as net from 'node:net';
import { promises as dns } from 'node:dns';
import * as path from 'node:path';
import { domainToASCII } from 'node:url';
import { insideRealRoot } from './realroot';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import {
  SourceFile,
  Workspace,
  allRules,
  batchHeap,
  detectKind,
  BACKUP_NAME,
  lintZone,
  readDocument,
  recordsJson,
  type DocumentKind,
  type Finding,
  type LintOptions,
  type Severity,
  type Zone,
} from './engine';
import { MAX_DNS_TIMEOUT_MS, createResolver } from './engine/live-resolver';
import { didYouMean } from './engine/policy/similar';
import { counts, displayPath, groupByFile, jsonChunks, position, printable, sarifChunks, textChunks } from './cli/output';

const VERSION = '0.1.0';

const USAGE = `mailzone ${VERSION} — lint the email-authentication records of DNS zones

Usage:
  mailzone lint [options] <file|dir>…     lint BIND zone files and octoDNS YAML (directories are walked)
  mailzone records [--origin NAME] <file> print the parsed records as JSON lines
  mailzone rules                          list every rule with its default severity

Options for lint:
  --format text|json|sarif   output format (default text)
  --offline                  no network at all: checks that need DNS beyond the given files say they could not decide
  --resolver HOST[:PORT]     DNS server for live checks (default: the system's)
  --timeout MS               per-query DNS timeout (default 2000, at most 5000: Node's resolver waits no longer)
  --origin NAME              origin for a zone file without $ORIGIN (default: from the file name)
  --rule ID=off|error|warning|info|hint   override a rule's severity (repeatable)
  --max-warnings N           exit 1 when warnings exceed N
  --no-m365                  skip the Microsoft 365 checks
  --root DIR                 workspace root (default: the current directory): a relative $INCLUDE is looked up
                             next to the including file, then here; $INCLUDE may not leave it
  --                         end of options: every argument after it is a file or directory

Directories are walked for zone files and octoDNS YAML, passing over hidden directories
(.git, .github …) and backup copies (*.bak, *.old, *~); name such a file to lint it.

Exit status: 0 no errors; 1 errors found (or warnings over --max-warnings); 2 usage error or unreadable input.
`;

class UsageError extends Error {}

interface Args {
  command: string;
  files: string[];
  format: 'text' | 'json' | 'sarif';
  offline: boolean;
  resolver?: string;
  timeoutMs?: number;
  origin?: string;
  rules: Record<string, Severity | 'off'>;
  maxWarnings?: number;
  m365: boolean;
  root: string;
  /** Whether --root was given (else the root is the working directory). */
  rootGiven?: boolean;
}

const SEVS = new Set(['off', 'error', 'warning', 'info', 'hint']);

const OPTIONS = ['--format', '--offline', '--resolver', '--timeout', '--origin', '--root', '--rule', '--max-warnings', '--no-m365', '--help', '--version'];

/** Options that take no value: `--offline=false` must not turn the network off. */
const FLAGS = new Set(['--offline', '--no-m365', '-h', '--help', '-v', '--version']);

/**
 * A DNS server address as Node's resolver takes it: an IPv4 address with an optional port
 * (192.0.2.53, 192.0.2.53:5353), an IPv6 address bare (2001:db8::53) or in brackets with an
 * optional port ([2001:db8::53]:5353). Host names are not resolved (c-ares needs addresses).
 */
export function isServerAddress(x: string): boolean {
  const port = (p: string | undefined) => p === undefined || (/^\d{1,5}$/.test(p) && Number(p) > 0 && Number(p) < 65536);
  let m = /^\[([^\]]+)\](?::(\d+))?$/.exec(x);
  if (m) return net.isIP(m[1]) === 6 && port(m[2]);
  if (net.isIP(x)) return true;
  m = /^([^:]+):(\d+)$/.exec(x);
  return !!m && net.isIP(m[1]) === 4 && port(m[2]);
}

/** `host` or `host:port` with a host name (not an address), as --resolver takes it; undefined if not. */
function hostPort(x: string): { host: string; port?: string } | undefined {
  const m = /^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?)(?::(\d{1,5}))?$/.exec(x);
  if (!m || /^[\d.]+$/.test(m[1])) return undefined;
  if (m[2] !== undefined && (Number(m[2]) === 0 || Number(m[2]) > 65535)) return undefined;
  return { host: m[1], port: m[2] };
}

/**
 * The --resolver value as Node's resolver takes it: an address stays as it is; a host name is
 * looked up once (the system's resolver: /etc/hosts, then DNS), as dig and named-checkzone do.
 */
async function serverAddress(v: string): Promise<string> {
  if (isServerAddress(v)) return v;
  const hp = hostPort(v)!;
  let addr: string;
  try {
    addr = (await dns.lookup(hp.host)).address;
  } catch (e) {
    throw new UsageError(`--resolver ${v}: cannot find the address of ${hp.host} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the DNS server's IP address instead`);
  }
  const host = net.isIP(addr) === 6 ? `[${addr}]` : addr;
  return hp.port !== undefined ? `${host}:${hp.port}` : addr;
}

/**
 * The absolute, lower-cased origin `--origin` names ("example.com" and "example.com." alike), or
 * why it is not a domain name: every label 1 to 63 characters of letters, digits, '-' and '_', at
 * most 255 bytes in all ("." is the root).
 */
export function originArg(v: string): { origin: string } | { why: string } {
  if (v === '.') return { origin: '.' };
  const name = v.endsWith('.') ? v.slice(0, -1) : v;
  if (!/^[\x21-\x7e]+$/.test(name)) {
    const ascii = /^[^\s]+$/.test(name) ? domainToASCII(name) : '';
    return { why: ascii ? `write an internationalised name in its IDNA form: --origin ${ascii}` : 'a domain name has letters, digits, \'-\' and \'_\' in dot-separated labels' };
  }
  const labels = name.split('.');
  if (labels.some((l) => l === '')) return { why: 'it has an empty label (a leading dot or two dots in a row)' };
  const long = labels.find((l) => l.length > 63);
  if (long) return { why: `the label '${long.slice(0, 20)}…' is ${long.length} characters long; a label has at most 63` };
  if (!labels.every((l) => /^[A-Za-z0-9_-]+$/.test(l))) return { why: 'a domain name has letters, digits, \'-\' and \'_\' in dot-separated labels' };
  if (name.length + 2 > 255) return { why: `it is ${name.length + 2} bytes long on the wire; a domain name has at most 255` };
  return { origin: name.toLowerCase() + '.' };
}

/** A whole number written in decimal digits ('' and '0x10' are not, though Number() takes them). */
function wholeNumber(v: string): number | undefined {
  return /^\d{1,15}$/.test(v) ? Number(v) : undefined;
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { command: '', files: [], format: 'text', offline: false, rules: {}, m365: true, root: process.cwd() };
  const need = (i: number, flag: string) => {
    if (i >= argv.length || argv[i].startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    if (arg === '--') {
      // Everything after `--` is a file, even a name that starts with '-'.
      for (const f of argv.slice(i + 1)) {
        if (!a.command) a.command = f;
        else a.files.push(f);
      }
      break;
    }
    if (arg.startsWith('--') && arg.includes('=')) {
      inline = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
      if (FLAGS.has(arg)) throw new UsageError(`${arg} takes no value (it was given '${inline}'); leave the option out to turn it off`);
    }
    const value = () => inline ?? need(++i, arg);
    switch (arg) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${v}'`);
        a.format = v;
        break;
      }
      case '--offline':
        a.offline = true;
        break;
      case '--resolver': {
        const v = value().trim();
        if (!isServerAddress(v) && !hostPort(v))
          throw new UsageError(`--resolver takes a DNS server's address or host name, with an optional port (192.0.2.53, 192.0.2.53:5353, 2001:db8::53, [2001:db8::53]:5353, ns1.example.net:53), not '${v}'`);
        a.resolver = v;
        break;
      }
      case '--timeout': {
        const raw = value();
        const v = wholeNumber(raw);
        if (v === undefined || v <= 0) throw new UsageError(`--timeout takes a positive number of milliseconds, not '${raw}'`);
        a.timeoutMs = v;
        break;
      }
      case '--origin':
        a.origin = value();
        break;
      case '--root':
        a.root = path.resolve(value());
        a.rootGiven = true;
        break;
      case '--rule': {
        const v = value();
        const eq = v.lastIndexOf('=');
        const id = v.slice(0, eq);
        const sev = v.slice(eq + 1);
        if (eq <= 0 || !SEVS.has(sev)) throw new UsageError(`--rule takes ID=off|error|warning|info|hint, not '${v}'`);
        if (!allRules.some((r) => r.id === id))
          throw new UsageError(`--rule: unknown rule '${id}'${didYouMean(id, allRules.map((r) => r.id))} (mailzone rules lists them)`);
        a.rules[id] = sev as Severity | 'off';
        break;
      }
      case '--max-warnings': {
        const raw = value();
        const v = wholeNumber(raw);
        if (v === undefined) throw new UsageError(`--max-warnings takes a whole number (0 or more), not '${raw}'`);
        a.maxWarnings = v;
        break;
      }
      case '--no-m365':
        a.m365 = false;
        break;
      case '-h':
      case '--help':
        a.command = 'help';
        break;
      case '-v':
      case '--version':
        a.command = 'version';
        break;
      default:
        if (arg.startsWith('-') && arg !== '-')
          throw new UsageError(
            arg.startsWith('--')
              ? `unknown option ${arg}${didYouMean(arg, OPTIONS)}`
              : `unknown option ${arg}: options are written with two dashes (${didYouMean('-' + arg, OPTIONS).replace(/^ \((.*)\)$/, '$1') || 'as in --offline'}); a file whose name starts with '-' goes after --`,
          );
        if (!a.command) a.command = arg;
        else a.files.push(arg);
    }
  }
  if (a.origin !== undefined) {
    const o = originArg(a.origin);
    if ('why' in o) throw new UsageError(`--origin '${a.origin}' is not a domain name: ${o.why}`);
    a.origin = o.origin;
  }
  if (a.rootGiven) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(a.root);
    } catch {
      st = undefined;
    }
    if (!st?.isDirectory()) throw new UsageError(`--root ${a.root}: ${st ? 'not a directory' : 'no such directory'}`);
  }
  return a;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', '.tools']);

/** A symbolic link to a file (a dangling one is not). */
function isFileLink(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false; // dangling
  }
}

/**
 * Files to lint: the given files, and zone/octoDNS files found by walking the given directories;
 * each file once (the same file named twice, or named and inside a named directory, is linted once:
 * its findings are not reported twice). `dirs`: each directory given, with the files found under it.
 */
function collect(inputs: string[]): { files: string[]; unreadable: { input: string; why: string }[]; dirs: { input: string; files: string[] }[] } {
  const files: string[] = [];
  const seen = new Set<string>();
  const unreadable: { input: string; why: string }[] = [];
  const dirs: { input: string; files: string[] }[] = [];
  const add = (p: string, into?: string[]) => {
    into?.push(p);
    // One file reached twice (named and walked, or a link beside what it points at): linted once.
    let key = p;
    try {
      key = fs.realpathSync(p);
    } catch {
      // unreadable: reported where it is read
    }
    if (seen.has(key)) return;
    seen.add(key);
    files.push(p);
  };
  const walk = (dir: string, into: string[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      unreadable.push({ input: dir, why: (e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message });
      return;
    }
    entries.sort((x, y) => (x.name < y.name ? -1 : 1));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      // Hidden directories (.github, a tool checked out as .mailzone) and backup copies
      // (`db.example.com.bak`, `example.com.zone~`) are passed over, as the editor's workspace
      // scan does; a file or directory named on the command line is always linted.
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(p, into);
      } else if (e.isFile() || (e.isSymbolicLink() && isFileLink(p))) {
        // A link to a file is followed (zones kept elsewhere and linked in); a link to a
        // directory is not (it may loop back).
        if (!BACKUP_NAME.test(e.name)) add(p, into);
      }
    }
  };
  for (const input of inputs) {
    const abs = path.resolve(input);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // The shell passes a pattern that matches nothing as it is ('zones/*.zone').
      const why =
        code === 'ENOENT' || code === 'ENOTDIR'
          ? /[*?[]/.test(input)
            ? 'no such file (a shell pattern that matched no file is passed on as it is written)'
            : 'no such file or directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
      unreadable.push({ input, why });
      continue;
    }
    if (st.isDirectory()) {
      const d = { input, files: [] as string[] };
      dirs.push(d);
      walk(abs, d.files);
    } else add(abs);
  }
  return { files, unreadable, dirs };
}

function isYaml(p: string): boolean {
  return /\.ya?ml$/i.test(p);
}

/**
 * The reader for a file the user named: octoDNS for YAML (even YAML that does not look like an
 * octoDNS zone: its reader says what is wrong, as octoDNS would refuse it), else the zone reader.
 */
function docKind(p: string, kind: DocumentKind): 'zone' | 'octodns' {
  return kind === 'octodns' || (kind !== 'zone' && isYaml(p)) ? 'octodns' : 'zone';
}

/**
 * Largest file mailzone reads: JavaScript holds at most 2^29 - 24 characters in one string, and a
 * zone that big would need gigabytes to lint. A bigger file gets a message instead of a crash.
 */
export const MAX_FILE_BYTES = 0x1fffffe8;

/**
 * What reading a file gave: its text, or why not — `refused` when it is not a file mailzone may
 * read at all ('special': a device or a pipe; 'too-big'), false when it is missing or unreadable.
 */
type ReadResult = { text: string } | { text?: undefined; why: string; refused: 'special' | 'too-big' | false };

/**
 * A file's text, a byte-order mark included: the zone reader reports it (BIND refuses it). Reads
 * regular files, and pipes when `pipes` (a file named on the command line: `<(git show …)`); never
 * a device like /dev/zero or /dev/urandom, which would never end, and never more than MAX_FILE_BYTES.
 */
function readText(p: string, pipes = false): ReadResult {
  let fd: number | undefined;
  try {
    const st = fs.statSync(p);
    if (st.isDirectory()) return { why: 'it is a directory', refused: false };
    if (!st.isFile() && !(pipes && st.isFIFO())) {
      return { why: st.isFIFO() ? 'it is a named pipe (FIFO), not a file' : 'it is a device or socket, not a file: reading it would never end', refused: 'special' };
    }
    if (st.size > MAX_FILE_BYTES) return { why: `it is ${mb(st.size)}, more than the ${mb(MAX_FILE_BYTES)} mailzone can read`, refused: 'too-big' };
    // With the encoding, node decodes as it reads (no 74 MB Buffer beside the string on a big zone).
    if (st.isFile()) return { text: fs.readFileSync(p, 'utf8') };
    // A pipe: read it in pieces, and stop once it is bigger than a file may be.
    fd = fs.openSync(p, 'r');
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const b = Buffer.allocUnsafe(1 << 20);
      const n = fs.readSync(fd, b, 0, b.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_FILE_BYTES) return { why: `it gave more than the ${mb(MAX_FILE_BYTES)} mailzone can read`, refused: 'too-big' };
      parts.push(n === b.length ? b : b.subarray(0, n));
    }
    return { text: Buffer.concat(parts, total).toString('utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    return { why, refused: false };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1 << 20))} MB`;
}

/** YAML may start with a byte-order mark (YAML 1.2 §5.2); the octoDNS reader gets the text after it. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function safeReader(root: string) {
  return (abs: string): string | undefined => {
    const rel = path.relative(root, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const r = readText(abs);
    // A device, a pipe or a huge file: the readers put the reason in their finding.
    if (r.text === undefined) {
      if (r.refused) throw new Error(r.why);
      return undefined;
    }
    return isYaml(abs) ? withoutBom(r.text) : r.text;
  };
}


/** Texts read at least this big: the lint's garbage is collected before the report is written. */
const COLLECT_BEFORE_REPORT_BYTES = 16 * 1024 * 1024;

/**
 * A full collection now (the CLI's records are let go before its report). V8 would otherwise run
 * the next one only when the heap reaches its limit, which the lint of a big zone set at its own
 * peak: the report's strings came on top of it (1M records: +35–60 MB).
 */
function collectNow(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  } catch {
    // Not possible in this runtime: V8 collects when it will.
  }
}

async function lintCommand(a: Args, out: (s: string) => unknown, err: (s: string) => void): Promise<number> {
  if (a.files.length === 0) throw new UsageError('lint needs at least one file or directory');
  if (a.resolver && !a.offline) a.resolver = await serverAddress(a.resolver);
  batchHeap();
  // Read and lint in a function of its own: once it returns, nothing (not even a variable of this
  // suspended async function) holds the records, so they can be collected before the report.
  const { findings, mainFiles, notRead, bytes } = await readAndLint(a, err);
  if (bytes >= COLLECT_BEFORE_REPORT_BYTES) collectNow();
  const results = groupByFile(findings, mainFiles);
  const chunks =
    a.format === 'sarif' ? sarifChunks(results, allRules, VERSION) : a.format === 'json' ? jsonChunks(results) : textChunks(results, process.stdout.isTTY === true && !process.env.NO_COLOR, notRead);
  await writeChunks(chunks, out);
  const c = counts(results);
  // Run from another directory than the zones' (`cd ~ && mailzone lint /etc/bind/…`), every
  // relative $INCLUDE leaves the workspace: say how to give the right one.
  if (!a.rootGiven && findings.some((f) => f.rule === 'zone/include-outside-workspace' && /outside the workspace/.test(f.message)))
    err(`mailzone: an $INCLUDE was not read because it leaves the workspace root, the current directory (${a.root}); run mailzone from the directory the zone files are loaded from, or give it with --root DIR`);
  const overWarnings = a.maxWarnings !== undefined && c.warning > a.maxWarnings;
  if (overWarnings) err(`mailzone: ${c.warning} warnings, more than --max-warnings ${a.maxWarnings}`);
  // cli.md: 2 for unreadable input, even when the files that could be read have errors: a CI job
  // must not take "1: errors found" for a complete report when part of the input was never read.
  if (notRead > 0) return 2;
  return c.error > 0 || overWarnings ? 1 : 0;
}

/** The findings of the files `a` names, the paths of the zones read, how many inputs were not read, and the bytes read. */
async function readAndLint(a: Args, err: (s: string) => void): Promise<{ findings: Finding[]; mainFiles: string[]; notRead: number; bytes: number }> {
  const { files, unreadable, dirs } = collect(a.files);
  for (const u of unreadable) err(`mailzone: cannot read ${u.input}: ${u.why}`);
  const explicit = new Set(a.files.map((f) => path.resolve(f)));
  const ws = new Workspace();
  const zones: Zone[] = [];
  let notRead = unreadable.length;
  let skippedYaml = 0;
  const linted = new Set<string>();
  for (const p of files) {
    const r = readText(p, explicit.has(p));
    if (r.text === undefined) {
      // A device or pipe found in a directory walk is no zone file: passed over like other files.
      if (!explicit.has(p) && r.refused === 'special') continue;
      err(`mailzone: cannot read ${displayPath(p)}: ${r.why}`);
      notRead++;
      continue;
    }
    const text = r.text;
    const kind = detectKind(p, text);
    if (kind !== 'zone' && kind !== 'octodns') {
      // Directory walks take only what looks like a zone; a file named on the command line is
      // linted (or we say why not), never skipped in silence.
      if (!explicit.has(p)) {
        if (kind === 'other' && isYaml(p)) skippedYaml++;
        continue;
      }
      if (kind === 'octodns-config') {
        // Counted as not read: a CI job pointed at the config instead of the zones must not pass.
        err(`mailzone: ${displayPath(p)} is an octoDNS configuration file (providers/zones), not a zone: not linted; name the zone's YAML files or their directory`);
        notRead++;
        continue;
      }
    }
    const as = docKind(p, kind);
    const file = new SourceFile(p, as === 'octodns' ? withoutBom(text) : text);
    let zone: Zone | undefined;
    try {
      zone = readDocument(file, as, { origin: a.origin, readFile: safeReader(a.root), workspaceRoot: a.root, insideWorkspace: insideRealRoot(a.root) });
    } catch (e) {
      // A bug in a reader must not hide the other files' findings, nor show a stack trace.
      err(`mailzone: internal error reading ${displayPath(p)}: ${e instanceof Error ? e.message : String(e)}; the file was not checked (please report this with the file)`);
      notRead++;
      continue;
    }
    if (!zone) continue;
    zones.push(zone);
    ws.set(zone);
    linted.add(p);
  }
  // A directory with nothing to lint (a wrong path, zones not checked out) must not pass as clean.
  for (const d of dirs) {
    if (d.files.some((f) => linted.has(f))) continue;
    err(`mailzone: ${d.input} has no zone files or octoDNS record files (${d.files.length} other file${d.files.length === 1 ? '' : 's'}): nothing in it was linted; check the path`);
    notRead++;
  }
  if (skippedYaml > 0)
    err(`mailzone: skipped ${skippedYaml} YAML file${skippedYaml === 1 ? '' : 's'} in the given directories that ${skippedYaml === 1 ? 'does' : 'do'} not look like octoDNS zone files; name a file on the command line to lint it anyway`);
  // Only the SARIF log carries fixes: the text and JSON reports keep none in memory.
  const options: LintOptions = { rules: a.rules, m365: a.m365, dns: a.offline ? 'workspace' : 'live', fixes: a.format === 'sarif' };
  if (!a.offline && a.timeoutMs !== undefined && a.timeoutMs > MAX_DNS_TIMEOUT_MS) {
    err(`mailzone: --timeout ${a.timeoutMs}: Node's DNS resolver (c-ares) waits at most ${MAX_DNS_TIMEOUT_MS} ms for an answer, so ${MAX_DNS_TIMEOUT_MS} ms is used`);
    a.timeoutMs = MAX_DNS_TIMEOUT_MS;
  }
  const resolver = createResolver(ws, {
    dns: a.offline ? 'workspace' : 'live',
    servers: a.resolver ? [a.resolver] : undefined,
    timeoutMs: a.timeoutMs,
  });
  const findings: Finding[] = [];
  for (const z of zones) {
    const run = await lintZone(z, { workspace: ws, resolver, options });
    for (const f of run.findings) findings.push(f); // not push(...): a million findings overflow the stack
    for (const e of run.ruleErrors) err(`mailzone: internal error in rule ${e.rule} on ${z.file.path}: ${e.error instanceof Error ? e.error.message : String(e.error)} (other rules ran)`);
  }
  const mainFiles = zones.map((z) => z.file.path);
  const bytes = zones.reduce((n, z) => n + z.file.text.length, 0);
  return { findings, mainFiles, notRead, bytes };
}

function recordsCommand(a: Args, out: (s: string) => void, err: (s: string) => void): number {
  if (a.files.length !== 1) throw new UsageError('records takes exactly one file');
  const p = path.resolve(a.files[0]);
  const r = readText(p, true);
  if (r.text === undefined) {
    err(`mailzone: cannot read ${a.files[0]}: ${r.why}`);
    return 2;
  }
  const text = r.text;
  const kind = detectKind(p, text);
  if (kind === 'octodns-config') {
    err(`mailzone: ${a.files[0]} is an octoDNS configuration file (providers/zones), not a zone: it has no records`);
    return 2;
  }
  const as = docKind(p, kind);
  const file = new SourceFile(p, as === 'octodns' ? withoutBom(text) : text);
  const zone = readDocument(file, as, { origin: a.origin, readFile: safeReader(a.root), workspaceRoot: a.root, insideWorkspace: insideRealRoot(a.root) });
  if (!zone) return 2;
  const lines: string[] = [];
  const json = recordsJson(zone);
  for (let i = 0; i < json.length; i++) {
    // A record read from an $INCLUDEd file: its line is a line of that file, which `file` names.
    const rec = zone.records[i];
    lines.push(JSON.stringify(rec && rec.file !== zone.file ? { ...json[i], file: displayPath(rec.file.path) } : json[i]));
  }
  out(lines.length ? lines.join('\n') + '\n' : '');
  // The problems as `lint` shows them: the path relative to the working directory, editor columns.
  for (const p of zone.problems) {
    const pos = position(p);
    err(`${printable(displayPath(p.file.path))}:${pos.line}:${pos.column}  ${p.severity}  ${printable(p.message)}  ${p.rule}`);
  }
  return zone.problems.some((p) => p.severity === 'error') ? 1 : 0;
}

function rulesCommand(out: (s: string) => void): number {
  const w = Math.max(...allRules.map((r) => r.id.length));
  out(allRules.map((r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(7)}  ${r.docs.summary}`).join('\n') + '\n');
  return 0;
}

/**
 * Writes a report piece by piece; when `out` says the stream is full (a pipe to a slow reader),
 * waits for it to drain, so a report of a million findings is never all in memory at once.
 */
async function writeChunks(chunks: Iterable<string>, out: (s: string) => unknown): Promise<void> {
  for (const c of chunks) {
    if (stdoutGone) return;
    if (out(c) === false)
      await new Promise<void>((resolve) => {
        const done = () => {
          process.stdout.off('drain', done);
          process.stdout.off('close', done);
          resolve();
        };
        process.stdout.once('drain', done);
        process.stdout.once('close', done);
      });
  }
}

/** The reader of our output went away (`mailzone lint … | head`): stop writing, keep the exit code. */
let stdoutGone = false;

export async function main(argv: string[], out = (s: string) => process.stdout.write(s), err = (s: string) => process.stderr.write(s + '\n')): Promise<number> {
  try {
    const a = parseArgs(argv);
    switch (a.command) {
      case 'lint':
        return await lintCommand(a, out, err);
      case 'records':
        return recordsCommand(a, out, err);
      case 'rules':
        return rulesCommand(out);
      case 'version':
        out(VERSION + '\n');
        return 0;
      case 'help':
        out(USAGE);
        return 0;
      case '':
        // No command: a usage error, so the usage goes where errors go (not into a report file).
        err(USAGE.trimEnd());
        return 2;
      default:
        throw new UsageError(unknownCommand(a.command, a.files));
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`mailzone: ${e.message}\nRun 'mailzone --help' for usage.`);
      return 2;
    }
    // A bug: a message for people; the stack trace only when asked for (to report it).
    const detail = e instanceof Error ? (process.env.MAILZONE_DEBUG ? e.stack ?? e.message : e.message) : String(e);
    err(`mailzone: internal error: ${detail}${process.env.MAILZONE_DEBUG ? '' : ' (please report this; MAILZONE_DEBUG=1 shows where it happened)'}`);
    return 2;
  }
}

const COMMANDS = ['lint', 'records', 'rules'];

/** What to say of a command mailzone does not have: the nearest one, or `lint` when it names a file. */
function unknownCommand(command: string, files: string[]): string {
  const near = didYouMean(command, COMMANDS);
  if (near) return `unknown command '${command}'${near}; the commands are ${COMMANDS.join(', ')}`;
  if (fs.existsSync(command)) return `unknown command '${command}'; to lint it: mailzone lint ${[command, ...files].join(' ')}`;
  return `unknown command '${command}'; the commands are ${COMMANDS.join(', ')}`;
}

/** The report could not be written (a full disk): the exit status must not say all went well. */
let stdoutFailed = false;

if (require.main === module) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    stdoutGone = true;
    if (e.code === 'EPIPE') return;
    if (!stdoutFailed) process.stderr.write(`mailzone: cannot write the report: ${e.message}\n`);
    stdoutFailed = true;
  });
  // Nowhere to say it when stderr itself fails (a closed pipe, a full disk): the report on stdout
  // and the exit status still count, so such an error must not end the process.
  process.stderr.on('error', () => {});
  process.on('exit', () => {
    if (stdoutFailed) process.exitCode = 2;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 2;
    },
  );
}
