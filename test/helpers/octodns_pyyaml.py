#!/usr/bin/python3
"""Reference reading of octoDNS record files for test/octodns-pyyaml.test.mjs: real PyYAML
(Debian's python3-yaml, the pure-Python SafeLoader octoDNS subclasses) with a model of what
octoDNS then does with the data. octoDNS itself is not needed (nor installed in CI): the parts of
it that matter here are small and modelled below from its source (octodns/yaml.py,
octodns/provider/yaml.py, octodns/record/{base,chunked,mx,target}.py, octodns/idna.py,
octodns/zone.py), each with the behaviour it models named.

stdin: one JSON object {"zone": "example.com.", "cases": [{"id": "c1", "text": "..."}]}
stdout: one JSON object per case, in order:
  {"id": "c1",
   "refused": null | {"stage": "yaml"|"order"|"shape"|"record"|"duplicate", "message": "...",
                      "span": [start, end] | null},
   "records": [record, ...]}          # every record octoDNS builds or rejects, in file order
  "dropped": [[start, end], ...]      # entries of a name written again later (YAML keeps the last)
  "droppedNames": [name, ...]         # their names
  record: {"name": str(name) as octoDNS gets it, "owner": fqdn, "type": ..., "ttl": int | null,
           "lenient": bool, "ignored": bool, "reasons": [...], "crash": "TypeError: ..." | null,
           "span": [s, e], "keySpan": [s, e], "aliased": bool,
           "values": [value, ...]}    # in the order written (octoDNS sorts them afterwards)
  TXT/SPF value: {"raw": octoDNS's value after process(), "bytes": the published bytes as a
                  latin-1 string (presentation escapes resolved, UTF-8), "node": {"start", "end",
                  "style"} | null}
  MX value: {"preference": int, "exchange": str};  CNAME value: {"target": str}
Offsets are UTF-16 code unit offsets into the text as given (before Python's universal newline
translation, which octoDNS gets by opening files in text mode: CRLF and lone CR read as LF).
A case whose "text" has a "selfcheck" instead runs the natsort cross-check (below) and exits.
Exits 3 when PyYAML cannot be imported (the test then skips, outside CI).
"""
import json
import math
import re
import sys
import unicodedata

try:
    import yaml
    from yaml.constructor import ConstructorError
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode
except ImportError as e:  # pragma: no cover
    print("missing: %s" % e, file=sys.stderr)
    sys.exit(3)

import encodings.idna as _idna2003

# ------------------------------------------------------------------------------------ natsort
#
# octoDNS's loader (NaturalSortEnforcingLoader) refuses a mapping whose keys are not in the order
# natsort's default key gives (natsort.natsort_keygen()). natsort is not in CI; its default key, for
# the keys YAML makes, is: a str split into text and runs of decimal digits, the digits as ints and
# a leading '' when it starts with a digit, trailing '' dropped ('a10b' -> ('a', 10, 'b'), '10' ->
# ('', 10), '' -> ()); a number or bool -> ('', x); None -> ('', -inf); anything else (a date) ->
# ('', x). Checked against the real natsort wherever it is importable (selfcheck).

_DIGITS = re.compile(r"(\d+)")


def nat_key(k):
    if isinstance(k, str):
        parts = _DIGITS.split(unicodedata.normalize("NFD", k))
        out = []
        for i, p in enumerate(parts):
            if i % 2:
                out.append(int(p))
            elif p or i == 0:
                out.append(p)
        if out and out[-1] == "":
            out.pop()
        if len(out) == 1 and out[0] == "":
            return ()
        return tuple(out)
    if k is None:
        return ("", -math.inf)
    return ("", k)


def selfcheck():
    try:
        import natsort
    except ImportError:
        return {"natsort": "not importable: nothing to check"}
    import datetime

    real = natsort.natsort_keygen()
    samples = ["", "a", "a10b", "10", "0x", "x1y22", "é1", "a½", "007", "1.5", "a b", "_dmarc", "1_000", 10, 10.5, True, False, None, datetime.date(2024, 1, 1), "٣4"]
    bad = [repr(s) for s in samples if real(s) != nat_key(s)]
    return {"natsort": natsort.__version__, "mismatches": bad}


# ------------------------------------------------------------------------------------ the loader


class OctoLoader(yaml.SafeLoader):
    """octoDNS's ContextLoader + NaturalSortEnforcingLoader (octodns/yaml.py), as they behave:

    - merge keys are flattened in place: each `<<` is replaced, where it stands, by the pairs it
      merges (a mapping's, itself flattened first; a sequence's mappings' in reverse order), so a
      later key wins over a merged one and a later merge over an earlier key (PyYAML's own
      flatten_mapping puts merged pairs first instead); a `<<` of anything else is an error; an
      `=` key becomes a plain string;
    - mappings are dicts (a duplicate key: the last value wins, at the first key's position);
    - every mapping's keys must be in natsort order ("keys out of order").
    """

    def flatten_mapping(self, node):
        merged = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                if isinstance(value_node, MappingNode):
                    self.flatten_mapping(value_node)
                    merged.extend(value_node.value)
                elif isinstance(value_node, SequenceNode):
                    parts = []
                    for sub in value_node.value:
                        if not isinstance(sub, MappingNode):
                            raise ConstructorError("while constructing a mapping", node.start_mark, "expected a mapping for merging, but found %s" % sub.id, sub.start_mark)
                        self.flatten_mapping(sub)
                        parts.append(sub.value)
                    for p in reversed(parts):
                        merged.extend(p)
                else:
                    raise ConstructorError("while constructing a mapping", node.start_mark, "expected a mapping or list of mappings for merging, but found %s" % value_node.id, value_node.start_mark)
            elif key_node.tag == "tag:yaml.org,2002:value":
                key_node.tag = "tag:yaml.org,2002:str"
                merged.append((key_node, value_node))
            else:
                merged.append((key_node, value_node))
        node.value = merged

    def octo_mapping(self, node):
        d = yaml.SafeLoader.construct_mapping(self, node, deep=False)
        keys = list(d.keys())
        try:
            ordered = sorted(keys, key=nat_key)
        except TypeError as e:  # natsort's keys of a date and a number do not compare
            raise OrderError("TypeError: %s" % e, node)
        for k in keys:
            want = ordered.pop(0)
            if k != want:
                raise OrderError("keys out of order: expected %s got %s" % (want, k), node)
        return d

    def include(self, node):
        raise ConstructorError(None, None, "!include is not generated by the test", node.start_mark)


class OrderError(Exception):
    def __init__(self, message, node):
        super().__init__(message)
        self.node = node


OctoLoader.add_constructor("tag:yaml.org,2002:map", OctoLoader.octo_mapping)
OctoLoader.add_constructor("!include", OctoLoader.include)


# ------------------------------------------------------------------------------------ octoDNS


class IdnaError(Exception):
    pass


def idna_encode(name):
    """octodns/idna.py: lower-cased, each label on its own, ASCII labels as they are, others IDNA
    encoded (octoDNS uses the `idna` package, IDNA 2008; not installed here, so Python's IDNA 2003
    codec stands in: the test only writes non-ASCII labels of letters both encode alike)."""
    out = []
    for label in name.lower().split("."):
        if label.isascii():
            out.append(label)
            continue
        try:
            out.append(_idna2003.ToASCII(label).decode("ascii"))
        except UnicodeError as e:
            raise IdnaError(str(e))
    return ".".join(out)


_UNESCAPED_SEMI = re.compile(r"\w;")
_DOUBLE_ESCAPED_SEMI = re.compile(r"\\\\;")


def published_bytes(v):
    """A TXT value (presentation form, as octoDNS keeps it) -> the bytes a server publishes: `\\DDD`
    is that byte, `\\X` is X, everything UTF-8 encoded; as a latin-1 string."""
    out = bytearray()
    i = 0
    n = len(v)
    while i < n:
        c = v[i]
        if c == "\\" and i + 1 < n:
            if re.match(r"[0-9]{3}", v[i + 1 : i + 4]):
                out.append(int(v[i + 1 : i + 4]) & 255)
                i += 4
                continue
            out += v[i + 1].encode("utf-8", "surrogatepass")
            i += 2
            continue
        out += c.encode("utf-8", "surrogatepass")
        i += 1
    return out.decode("latin-1")


_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_*-]{1,63}(?<!-)$")


def validate_target(target, _type, key="value"):
    """octodns/record/target.py validate_target_fqdn (the `fqdn` package's check approximated by
    labels of letters, digits, `_`, `-`, 253 characters at most)."""
    if not target:
        return ["missing %s" % key]
    if target == "." and _type in ("HTTPS", "MX", "SVCB", "SRV"):
        return []
    if "{" in target and "}" in target:
        return []
    reasons = []
    t = idna_encode(target)
    body = t[:-1] if t.endswith(".") else t
    if not body or len(body) > 253 or not all(_LABEL.match(x) for x in body.split(".")):
        reasons.append('%s %s "%s" is not a valid FQDN' % (_type, key, t))
    if not t.endswith("."):
        reasons.append('%s %s "%s" missing trailing .' % (_type, key, t))
    return reasons


TYPES = {"A", "AAAA", "ALIAS", "CAA", "CNAME", "DNAME", "DS", "HTTPS", "LOC", "MX", "NAPTR", "NS", "OPENPGPKEY", "PTR", "SPF", "SRV", "SSHFP", "SVCB", "TLSA", "TXT", "URI", "URLFWD"}


def values_of(d):
    """ValuesMixin / ValuesTypeValidator: `values` wins over `value`; one value is a list of one."""
    v = d.get("values", d.get("value", []))
    return v if isinstance(v, (list, tuple)) else ([] if v is None else [v])


def build_record(zone, name, d):
    """YamlProvider._populate_from_file + Record.new + the record class's __init__ for one record
    (a mapping under a name). Returns the record's fields, reasons and any exception."""
    rec = {"name": None, "owner": None, "type": None, "ttl": None, "lenient": False, "ignored": False, "reasons": [], "crash": None, "values": []}
    reasons = rec["reasons"]
    try:
        # YamlProvider: `if 'ttl' not in d: d['ttl'] = default_ttl` (a non-mapping fails here).
        if "ttl" not in d:
            d["ttl"] = 3600
        sname = str(name)
        rec["name"] = sname
        try:
            n = idna_encode(sname)
        except IdnaError as e:
            reasons.append(str(e))
            n = sname
        if " " in n or "\t" in n:
            reasons.append("invalid record, whitespace is not allowed")
        fqdn = "%s.%s" % (n, zone) if n else zone
        rec["owner"] = fqdn
        rec["lname"] = n
        if "type" not in d:
            raise Exception("Invalid record %s, missing type" % fqdn)
        _type = d["type"]
        rec["type"] = _type if isinstance(_type, str) else repr(_type)
        if _type not in TYPES:
            raise Exception('Unknown record type: "%s"' % (_type,))
        # NameValidator
        if n == "@":
            reasons.append('invalid name "@", use "" instead')
        if len(fqdn) > 253:
            reasons.append("invalid fqdn, too long")
        for label in n.split("."):
            if len(label) > 63:
                reasons.append('invalid label, "%s" is too long' % label)
        if ".." in n or n.endswith("."):
            reasons.append("invalid name, double `.`")
        # TtlValidator: int() of what YAML read (its exceptions escape the validator).
        if int(d["ttl"]) < 0:
            reasons.append("invalid ttl")
        # HealthcheckValidator (KeyError only is caught)
        try:
            if d["octodns"]["healthcheck"]["protocol"] not in ("HTTP", "HTTPS", "ICMP", "TCP", "UDP"):
                reasons.append("invalid healthcheck protocol")
        except KeyError:
            pass
        if _type in ("TXT", "SPF"):
            vals = values_of(d)
            if not vals:
                reasons.append("missing value(s)")
            for v in vals:
                if _UNESCAPED_SEMI.search(v):
                    reasons.append('unescaped ; in "%s"' % v)
                if _DOUBLE_ESCAPED_SEMI.search(v):
                    reasons.append('double escaped ; in "%s"' % v)
                try:
                    v.encode("ascii")
                except UnicodeEncodeError:
                    reasons.append('non ASCII character in "%s"' % v)
        elif _type == "MX":
            for v in values_of(d):
                try:
                    try:
                        int(v["preference"])
                    except KeyError:
                        int(v["priority"])
                except KeyError:
                    reasons.append("missing preference")
                except ValueError:
                    reasons.append('invalid preference "%s"' % v["preference"])
                try:
                    ex = v.get("exchange") or v["value"]
                    reasons.extend(validate_target(ex, "MX", "exchange"))
                except KeyError:
                    reasons.append("missing exchange")
        elif _type == "CNAME":
            reasons.extend(validate_target(d.get("value", None), "CNAME"))
            if not n:
                reasons.append("root CNAME not allowed")
        lenient = False
        try:
            lenient |= d["octodns"]["lenient"]
        except KeyError:
            pass
        rec["lenient"] = bool(lenient)
        if reasons and not lenient:
            return rec
        # The record class's __init__
        rec["ttl"] = int(d["ttl"])
        octo = d.get("octodns", {})
        rec["ignored"] = bool(octo.get("ignored", False))
        if _type in ("TXT", "SPF"):
            for v in values_of(d):
                if v and v[0] == '"':
                    v = v[1:-1]
                v = v.replace('" "', "")
                rec["values"].append({"raw": v, "bytes": published_bytes(v)})
        elif _type == "MX":
            for v in values_of(d):
                try:
                    pref = v["preference"]
                except KeyError:
                    pref = v["priority"]
                try:
                    ex = v["exchange"]
                except KeyError:
                    ex = v["value"]
                rec["values"].append({"preference": int(pref), "exchange": idna_encode(ex)})
        elif _type == "CNAME":
            v = d["value"]
            rec["values"].append({"target": idna_encode(v) if v else None})
    except Exception as e:  # octoDNS does not load the zone
        rec["crash"] = "%s: %s" % (type(e).__name__, e)
    return rec


# ------------------------------------------------------------------------------------ offsets


class Offsets:
    """Code point offsets of the newline-translated text -> UTF-16 offsets of the original."""

    def __init__(self, original):
        self.map = []
        u = 0
        i = 0
        n = len(original)
        chars = []
        while i < n:
            c = original[i]
            self.map.append(u)
            if c == "\r":
                chars.append("\n")
                if i + 1 < n and original[i + 1] == "\n":
                    u += 2
                    i += 2
                    continue
                u += 1
                i += 1
                continue
            chars.append(c)
            u += 2 if ord(c) > 0xFFFF else 1
            i += 1
        self.map.append(u)
        self.text = "".join(chars)

    def at(self, index):
        return self.map[max(0, min(index, len(self.map) - 1))]

    def span(self, node):
        return [self.at(node.start_mark.index), self.at(node.end_mark.index)]


_PROPERTY = re.compile(r"(?:[&!][^\s]*[ \t]+)+")


def scalar_span(off, node):
    """Where a scalar is written: PyYAML's start mark includes its anchor or tag (`&a 'x'`)."""
    start = node.start_mark.index
    m = _PROPERTY.match(off.text, start)
    if m and off.text[start] in "&!":
        start = m.end()
    return {"start": off.at(start), "end": off.at(node.end_mark.index), "style": node.style or ""}


def all_inside(node, lo, hi, depth=0):
    """Whether every node under `node` is written between lo and hi (no alias or merge from elsewhere)."""
    if not (lo <= node.start_mark.index <= hi) or depth > 50:
        return False
    if isinstance(node, MappingNode):
        return all(all_inside(k, lo, hi, depth + 1) and all_inside(v, lo, hi, depth + 1) for k, v in node.value)
    if isinstance(node, SequenceNode):
        return all(all_inside(v, lo, hi, depth + 1) for v in node.value)
    return True


def const_key(loader, node):
    try:
        return loader.construct_object(node, deep=True)
    except Exception:
        return object()


def last_pairs(loader, node):
    """A (flattened) mapping node's pairs as a dict keeps them: the last pair of each key."""
    out = {}
    for k, v in node.value:
        try:
            out[const_key(loader, k)] = (k, v)
        except TypeError:
            pass
    return out


def read_case(zone, text):
    off = Offsets(text)
    res = {"refused": None, "records": []}
    loader = OctoLoader(off.text)
    try:
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except OrderError as e:
        res["refused"] = {"stage": "order", "message": str(e), "span": off.span(e.node)}
        return res
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        at = off.at(mark.index) if mark is not None else None
        res["refused"] = {"stage": "yaml", "message": str(e).replace("\n", " "), "span": [at, at] if at is not None else None}
        return res
    except RecursionError:
        res["refused"] = {"stage": "yaml", "message": "RecursionError", "span": None}
        return res
    if not data:
        return res
    if not isinstance(data, dict):
        res["refused"] = {"stage": "shape", "message": "top level is not a mapping (%s)" % type(data).__name__, "span": None}
        return res
    names = last_pairs(loader, root)
    # Entries a later one of the same name replaces: octoDNS never sees them.
    kept = set(id(k) for k, _ in names.values())
    res["dropped"] = [[off.at(k.start_mark.index), off.at(v.end_mark.index)] for k, v in root.value if id(k) not in kept and k.start_mark.index <= v.start_mark.index]
    res["droppedNames"] = sorted(set(str(const_key(loader, k)) for k, _ in root.value if id(k) not in kept))
    seen = {}
    for name, entry in data.items():
        key_node, value_node = names.get(name, (None, None))
        items = entry if isinstance(entry, list) else [entry]
        item_nodes = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for j, d in enumerate(items):
            node = item_nodes[j] if j < len(item_nodes) else None
            # Parts of the record written elsewhere (an alias, a `<<` merge): a finding on it may
            # sit at the anchor, outside the record's own text.
            aliased = node is None or key_node is None or node.start_mark.index < key_node.start_mark.index
            rec = build_record(zone, name, d)
            rec["span"] = off.span(node) if node is not None else None
            rec["keySpan"] = off.span(key_node) if key_node is not None else None
            if isinstance(node, MappingNode):
                if not all_inside(node, node.start_mark.index, node.end_mark.index):
                    aliased = True
                pairs = last_pairs(loader, node)
                vnode = pairs.get("values", pairs.get("value", (None, None)))[1]
                vnodes = vnode.value if isinstance(vnode, SequenceNode) else ([] if vnode is None else [vnode])
                if rec["type"] in ("TXT", "SPF"):
                    for k, v in enumerate(rec["values"]):
                        vn = vnodes[k] if k < len(vnodes) else None
                        v["node"] = scalar_span(off, vn) if isinstance(vn, ScalarNode) else None
            else:
                aliased = True
            rec["aliased"] = aliased
            res["records"].append(rec)
            if res["refused"] is None:
                if rec["crash"]:
                    res["refused"] = {"stage": "record", "message": rec["crash"], "span": rec["span"]}
                elif rec["reasons"] and not rec["lenient"]:
                    res["refused"] = {"stage": "record", "message": "; ".join(rec["reasons"]), "span": rec["span"]}
                elif rec["owner"] is not None:
                    # Zone.add_record: one record per name and type (DuplicateRecordException).
                    k = (rec["lname"], rec["type"])
                    if k in seen:
                        res["refused"] = {"stage": "duplicate", "message": "Duplicate record %s, type %s" % (rec["owner"], rec["type"]), "span": rec["span"]}
                    seen[k] = True
            rec.pop("lname", None)
    return res


def main():
    req = json.load(sys.stdin)
    if req.get("selfcheck"):
        print(json.dumps(selfcheck()))
        return
    zone = req.get("zone", "example.com.")
    out = sys.stdout
    for case in req["cases"]:
        try:
            r = read_case(zone, case["text"])
        except Exception as e:  # the model's own failures: reported, never hidden
            r = {"refused": None, "records": [], "error": "%s: %s" % (type(e).__name__, e)}
        r["id"] = case["id"]
        out.write(json.dumps(r) + "\n")
    out.flush()


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    main()
