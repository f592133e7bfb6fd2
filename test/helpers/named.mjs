// Starts a real BIND 9 `named` on a loopback port for tests, serving zones given as text.
// Never listens on anything but 127.0.0.1.
//
//   const ns = await startNamed({ zones: { 'example.net': 'zone text…' }, forwardDrop: ['slow.example'] });
//   ns.port; ns.server ('127.0.0.1:PORT'); await ns.stop();
//
// `forwardDrop`: zones forwarded to a UDP socket that reads queries and never answers, so every
// name under them times out at the client (a server that drops queries).
// `namedPath()` is undefined when BIND is not installed (tests then skip with a visible message).
import { spawn, execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function namedPath() {
  for (const p of ['/usr/sbin/named', '/usr/local/sbin/named', '/opt/homebrew/sbin/named']) if (fs.existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v named'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function freePort() {
  // A port free for both UDP and TCP on 127.0.0.1.
  for (let i = 0; i < 20; i++) {
    const port = await new Promise((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });
    const ok = await new Promise((resolve) => {
      const u = dgram.createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port');
}

async function dropServer() {
  const sock = dgram.createSocket('udp4');
  let received = 0;
  sock.on('message', () => {
    received++;
  });
  await new Promise((resolve) => sock.bind(0, '127.0.0.1', resolve));
  return { port: sock.address().port, get received() { return received; }, close: () => new Promise((r) => sock.close(r)) };
}

export async function startNamed({ zones = {}, forwardDrop = [] } = {}) {
  const bin = namedPath();
  if (!bin) throw new Error('named is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-named-'));
  const port = await freePort();
  const drop = forwardDrop.length ? await dropServer() : undefined;
  const zoneConf = Object.entries(zones)
    .map(([name, text]) => {
      const file = path.join(dir, `${name}.zone`);
      fs.writeFileSync(file, text);
      return `zone "${name}" { type primary; file "${file}"; check-names ignore; };`;
    })
    .join('\n');
  const fwdConf = forwardDrop.map((name) => `zone "${name}" { type forward; forward only; forwarders { 127.0.0.1 port ${drop.port}; }; };`).join('\n');
  // With recursion on (for the forwarders), named would ask the internet's root servers about any
  // other name — the root zone included, which the live resolver asks for to tell a real "does not
  // exist" from a resolver that denies everything. A root zone of its own keeps it on loopback.
  let rootConf = '';
  if (forwardDrop.length && !zones['.']) {
    const file = path.join(dir, 'root.zone');
    // The forwarded zones are delegated, or named would answer for them from this zone.
    const cuts = forwardDrop.map((name) => `${name}. IN NS ns.root-servers.test.\n`).join('');
    fs.writeFileSync(file, `$TTL 60\n. IN SOA ns.root-servers.test. hostmaster.root-servers.test. 1 7200 3600 1209600 60\n. IN NS ns.root-servers.test.\nns.root-servers.test. IN A 127.0.0.1\n${cuts}`);
    rootConf = `zone "." { type primary; file "${file}"; };`;
  }
  const conf = `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion ${forwardDrop.length ? 'yes' : 'no'};
  allow-recursion { 127.0.0.1; };
  allow-query { 127.0.0.1; };
  dnssec-validation no;
  notify no;
  querylog no;
};
controls { };
${zoneConf}
${fwdConf}
${rootConf}
`;
  fs.writeFileSync(path.join(dir, 'named.conf'), conf);
  const args = ['-g', '-c', path.join(dir, 'named.conf'), '-4', '-n', '1'];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('-u', 'root');
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise((resolve) => {
    const started = Date.now();
    const tick = () => {
      if (/running\s*$/m.test(log) || log.includes('all zones loaded')) return resolve(true);
      if (child.exitCode !== null || Date.now() - started > 15000) return resolve(false);
      setTimeout(tick, 50);
    };
    tick();
  });
  if (!ready) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`named did not start:\n${log}`);
  }
  return {
    port,
    server: `127.0.0.1:${port}`,
    dir,
    drop,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
      if (drop) await drop.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
