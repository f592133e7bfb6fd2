// What PyYAML (octoDNS's YAML loader, YAML 1.1) makes of a plain scalar, and Python's str() of it.
//
// The `yaml` package reads with its own YAML 1.1 schema, which differs from PyYAML's resolvers
// (yaml: `y`/`n` are booleans, `1e3` is a number; PyYAML: both strings) and, being JavaScript,
// cannot say what Python's str() gives for a key (`True`, `None`, `1.0`, `2001-12-14`). Its
// `customTags` option could change which plain scalars are typed how, but not give Python's text,
// and the typed values of every other field would change with it (and the fast reader's tag
// table, fastyaml.ts). So octoDNS's view is computed here from the scalar's source, with
// PyYAML's own resolver expressions (yaml/resolver.py) and constructors (yaml/constructor.py).
import { isScalar, type Node as YNode } from 'yaml';

export type PyKind = 'str' | 'bool' | 'int' | 'float' | 'null' | 'timestamp' | 'merge' | 'value';

// yaml/resolver.py, in its order (the first match wins; each only for its first characters).
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP = /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

/** The tag PyYAML resolves a plain scalar's text to. */
export function pyResolve(s: string): PyKind {
  const c = s.length ? s[0] : '';
  if (c === '' || c === '~' || c === 'n' || c === 'N') if (NULL.test(s)) return 'null';
  if ('yYnNtTfFoO'.includes(c) && c !== '' && BOOL.test(s)) return 'bool';
  if (c !== '' && '-+0123456789.'.includes(c) && FLOAT.test(s)) return 'float';
  if (c !== '' && '-+0123456789'.includes(c) && INT.test(s)) return 'int';
  if (s === '<<') return 'merge';
  if (c !== '' && '0123456789'.includes(c) && TIMESTAMP.test(s)) return 'timestamp';
  if (s === '=') return 'value';
  return 'str';
}

/** How octoDNS sees a scalar node: PyYAML's type and Python's str() of the value. */
export function pyScalar(n: YNode | null | undefined): { kind: PyKind; text: string } | undefined {
  if (!n || !isScalar(n)) return undefined;
  const src = typeof n.source === 'string' ? n.source : n.value === null || n.value === undefined ? '' : String(n.value);
  const tag = (n as { tag?: string }).tag;
  if (tag === '!') {
    // The non-specific tag: PyYAML resolves the scalar as a plain one, whatever its style (`! 017`
    // is 15, `! 'yes'` True, `value: !` None); the yaml package reads a string.
    const kind = pyResolve(src);
    return { kind, text: pyText(kind, src) };
  }
  if (n.type !== 'PLAIN' || tag) {
    if (tag === 'tag:yaml.org,2002:str' || !tag) return { kind: 'str', text: src };
    return undefined; // an explicit tag: not ours to guess
  }
  const kind = pyResolve(src);
  return { kind, text: pyText(kind, src) };
}

/** Python's str() of the value PyYAML constructs for a plain scalar of this kind. */
export function pyText(kind: PyKind, s: string): string {
  switch (kind) {
    case 'null':
      return 'None';
    case 'bool':
      return /^(?:yes|true|on)$/i.test(s) ? 'True' : 'False';
    case 'int':
      return pyInt(s);
    case 'float':
      return pyFloat(s);
    case 'timestamp':
      return pyTimestamp(s);
    default:
      return s;
  }
}

function pyInt(s: string): string {
  let v = s.replace(/_/g, '');
  let neg = false;
  if (v[0] === '-') neg = true;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  let n: bigint;
  try {
    if (v === '0') n = 0n;
    else if (v.startsWith('0b')) n = BigInt('0b' + (v.slice(2) || '0'));
    else if (v.startsWith('0x')) n = BigInt('0x' + (v.slice(2) || '0'));
    else if (v[0] === '0') n = BigInt('0o' + v.slice(1));
    else if (v.includes(':')) n = v.split(':').reduce((acc, part) => acc * 60n + BigInt(part), 0n);
    else n = BigInt(v);
  } catch {
    return s;
  }
  return (neg ? -n : n).toString();
}

function pyFloat(s: string): string {
  let v = s.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  if (v === '.inf') return sign < 0 ? '-inf' : 'inf';
  if (v === '.nan') return 'nan';
  let x: number;
  if (v.includes(':')) x = v.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
  else x = Number(v.endsWith('.') ? v + '0' : v);
  return floatRepr(sign * x);
}

/** Python's repr() of a float: shortest round-trip digits, exponent below 1e-4 or from 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expS] = x.toExponential().split('e');
  const exp = Number(expS);
  const neg = mant[0] === '-';
  const digits = mant.replace(/^-/, '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${int}.${frac || '0'}`;
}

function pyTimestamp(s: string): string {
  const m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/.exec(s);
  if (!m) return s;
  const p2 = (x: string | number) => String(x).padStart(2, '0');
  const date = `${m[1]}-${p2(m[2])}-${p2(m[3])}`;
  if (m[4] === undefined) return date;
  let out = `${date} ${p2(m[4])}:${m[5]}:${m[6]}`;
  const frac = (m[7] ?? '').slice(0, 6);
  if (frac && Number(frac) !== 0) out += '.' + frac.padEnd(6, '0');
  if (m[8] === 'Z') out += '+00:00';
  else if (m[8]) out += `${m[9]}${p2(m[10])}:${m[11] ?? '00'}`;
  return out;
}
