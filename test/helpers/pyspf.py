#!/usr/bin/python3
"""Reference SPF evaluations for test/spf-pyspf.test.mjs: pyspf (Debian's python3-spf) asking a
DNS server on loopback through dnspython.

stdin: one JSON object
  {"port": 5300, "timeout": 2, "cases": [{"id": "c1", "ip": "192.0.2.200",
                                           "sender": "postmaster@example.test", "helo": "mta.example"}]}
stdout: one JSON object per case, in order
  {"id": "c1", "result": "permerror", "explanation": "SPF Permanent Error: …",
   "lookups": 11, "voids": 0, "error": "Too many DNS lookups"}
`lookups` and `voids` are pyspf's own counters when the evaluation ended (it stops at the first
permerror, so they are the counts up to that point). `mechanism` is the term of the checked
record that matched (an include or redirect that passed, `-all`, …), None when none did. `error` is the PermError's message without
the mechanism. `voidNames` lists the queries pyspf counted as void lookups, as [type, name, how many
it counted for it].
Exits 3 when pyspf or dnspython cannot be imported (the test then skips).
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")

try:
    import dns.name
    import dns.resolver
    import spf
except ImportError as e:  # pragma: no cover
    print("missing: %s" % e, file=sys.stderr)
    sys.exit(3)


def trace_voids(q):
    """Records the queries pyspf counts as void lookups ([type, name]), without changing them."""
    names = []
    inner = q.dns
    depth = [0]

    def dns(name, qtype, cnames=None, ignore_void=False):
        before = q.void_lookups
        depth[0] += 1
        try:
            return inner(name, qtype, cnames=cnames, ignore_void=ignore_void)
        finally:
            depth[0] -= 1
            if depth[0] == 0 and q.void_lookups > before:
                names.append([qtype, str(name).rstrip(".").lower(), q.void_lookups - before])

    q.dns = dns
    return names


def main():
    req = json.load(sys.stdin)
    r = dns.resolver.Resolver(configure=False)
    r.nameservers = ["127.0.0.1"]
    r.port = int(req["port"])
    # No search list: a name is only ever asked as written (absolute).
    r.domain = dns.name.root
    r.search = []
    r.timeout = float(req.get("timeout", 2))
    r.lifetime = float(req.get("timeout", 2)) * 2
    dns.resolver.default_resolver = r
    out = sys.stdout
    for case in req["cases"]:
        q = spf.query(i=case["ip"], s=case["sender"], h=case.get("helo", "mta.example"), strict=True, timeout=r.timeout, querytime=0)
        void_names = trace_voids(q)
        try:
            res, _code, exp = q.check()
        except Exception as e:  # pyspf's own bugs: reported, never hidden
            res, exp = "exception", "%s: %s" % (type(e).__name__, e)
        perm = getattr(q, "perm_error", None)
        out.write(
            json.dumps(
                {
                    "id": case["id"],
                    "result": res,
                    "explanation": exp,
                    "lookups": q.lookups,
                    "voids": q.void_lookups,
                    # The top-level term that decided the result (None: no term matched).
                    "mechanism": getattr(q, "mechanism", None),
                    "voidNames": void_names,
                    "error": getattr(perm, "msg", None) if perm is not None and res == "permerror" else None,
                }
            )
            + "\n"
        )
    out.flush()


if __name__ == "__main__":
    main()
