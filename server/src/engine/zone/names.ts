// Domain names in master-file presentation form (RFC 1035 §5.1, BIND's escaping).

/** Why the last absName() call returned undefined. */
export let nameError = '';
let lastOrigin = '';
let lastDotOrigin = '';
/** True when the last successful absName() result contains an upper-case ASCII letter. */
export let nameHasUpper = false;

/**
 * Makes a name absolute against `origin` (absolute, presentation form) and puts it in BIND's
 * presentation form (escapes normalised: `\065` → `A`, a space → `\032`). Case is preserved.
 * Returns undefined (and sets nameError) for an empty label, a label over 63 bytes, a name over
 * 255 bytes or a bad escape.
 */
export function absName(text: string, origin: string, originHasUpper: boolean): string | undefined {
  const n = text.length;
  if (n === 0) {
    nameError = 'an empty name';
    return undefined;
  }
  if (n === 1) {
    const c = text.charCodeAt(0);
    if (c === 64) {
      nameHasUpper = originHasUpper;
      return origin;
    }
    if (c === 46) {
      nameHasUpper = false;
      return '.';
    }
  }
  // Fast path: letters, digits, '-', '_', '*', '/' and dots; no escapes.
  let upper = false;
  let labelLen = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (labelLen === 0) break; // empty label (or leading dot): slow path reports it
      labelLen = 0;
      continue;
    }
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 42 || c === 47) {
      labelLen++;
    } else if (c >= 65 && c <= 90) {
      upper = true;
      labelLen++;
    } else break;
    if (labelLen > 63) break;
  }
  if (i === n) {
    const absolute = text.charCodeAt(n - 1) === 46;
    let out: string;
    if (absolute) out = text;
    else if (origin === '.') out = text + '.';
    else {
      if (origin !== lastOrigin) {
        lastOrigin = origin;
        lastDotOrigin = '.' + origin;
      }
      // One flat string (join) instead of a concatenation that keeps two string objects alive: a
      // million owners and targets are 14 bytes each smaller and the GC has half the objects to move.
      out = [text, lastDotOrigin].join('');
      upper = upper || originHasUpper;
    }
    if (out.length + 1 > 255) {
      nameError = `the name is longer than 255 bytes`;
      return undefined;
    }
    nameHasUpper = upper;
    return out;
  }
  return slowName(text, origin, originHasUpper);
}

function isSpecial(c: number): boolean {
  // BIND escapes these with a backslash in names: " ( ) . ; \ @ $
  return c === 34 || c === 40 || c === 41 || c === 46 || c === 59 || c === 92 || c === 64 || c === 36;
}

function slowName(text: string, origin: string, originHasUpper: boolean): string | undefined {
  const n = text.length;
  let out = '';
  let label = '';
  let labelBytes = 0;
  let wire = 1;
  let upper = false;
  let absolute = false;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 46) {
      if (labelBytes === 0) {
        nameError = i === 0 ? 'a name cannot start with a dot (only the root name "." is just a dot)' : 'an empty label (two dots in a row)';
        return undefined;
      }
      out += label + '.';
      wire += labelBytes + 1;
      label = '';
      labelBytes = 0;
      i++;
      if (i === n) absolute = true;
      continue;
    }
    let byte: number;
    let esc = false;
    if (c === 92) {
      if (i + 1 >= n) {
        nameError = 'a backslash at the end of a name escapes nothing';
        return undefined;
      }
      const d1 = text.charCodeAt(i + 1);
      if (d1 >= 48 && d1 <= 57) {
        const d2 = text.charCodeAt(i + 2);
        const d3 = text.charCodeAt(i + 3);
        if (!(d2 >= 48 && d2 <= 57 && d3 >= 48 && d3 <= 57)) {
          nameError = 'a \\DDD escape needs exactly three decimal digits';
          return undefined;
        }
        byte = (d1 - 48) * 100 + (d2 - 48) * 10 + (d3 - 48);
        if (byte > 255) {
          nameError = `the escape \\${text.slice(i + 1, i + 4)} is over 255`;
          return undefined;
        }
        i += 4;
      } else {
        c = text.codePointAt(i + 1)!;
        i += c > 0xffff ? 3 : 2;
        if (c >= 0x80) {
          const bytes = utf8Bytes(c);
          for (const b of bytes) {
            label += '\\' + pad3(b);
            labelBytes++;
          }
          if (labelBytes > 63) {
            nameError = 'a label is longer than 63 bytes';
            return undefined;
          }
          continue;
        }
        byte = c;
      }
      esc = true;
    } else if (c >= 0x80) {
      const cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      for (const b of utf8Bytes(cp)) {
        label += '\\' + pad3(b);
        labelBytes++;
      }
      if (labelBytes > 63) {
        nameError = 'a label is longer than 63 bytes';
        return undefined;
      }
      continue;
    } else {
      byte = c;
      i++;
    }
    void esc;
    if (byte <= 0x20 || byte >= 0x7f) label += '\\' + pad3(byte);
    else if (isSpecial(byte)) label += '\\' + String.fromCharCode(byte);
    else {
      if (byte >= 65 && byte <= 90) upper = true;
      label += String.fromCharCode(byte);
    }
    labelBytes++;
    if (labelBytes > 63) {
      nameError = 'a label is longer than 63 bytes';
      return undefined;
    }
  }
  if (labelBytes > 0) {
    out += label;
    wire += labelBytes + 1;
  }
  if (!absolute) {
    if (origin === '.') out += '.';
    else {
      out += '.' + origin;
      upper = upper || originHasUpper;
      wire += originWire(origin) - 1;
    }
  }
  if (wire > 255) {
    nameError = 'the name is longer than 255 bytes';
    return undefined;
  }
  nameHasUpper = upper;
  return out;
}

function originWire(origin: string): number {
  // Presentation length approximates wire length well enough for the 255-byte check of an origin
  // without escapes; with escapes count properly.
  if (origin.indexOf('\\') < 0) return origin === '.' ? 1 : origin.length + 1;
  let w = 1;
  let i = 0;
  while (i < origin.length) {
    const c = origin.charCodeAt(i);
    if (c === 92) {
      const d = origin.charCodeAt(i + 1);
      i += d >= 48 && d <= 57 ? 4 : 2;
      w++;
    } else {
      i++;
      w++;
    }
  }
  return w;
}

function pad3(b: number): string {
  return b < 10 ? '00' + b : b < 100 ? '0' + b : '' + b;
}

function utf8Bytes(cp: number): number[] {
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

/** ASCII-only lower-casing of a presentation-form name (escapes are digits or punctuation). */
export function lowerName(name: string, hasUpper: boolean): string {
  return hasUpper ? name.toLowerCase() : name;
}
