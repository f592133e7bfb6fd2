#!/usr/bin/python3
"""Reference DKIM verifications for test/dkim-dkimpy.test.mjs: dkimpy (Debian's python3-dkim)
signing a fixed message and verifying it against a given key record, with no DNS server (the
record is handed to dkim.verify through its dnsfunc).

stdin: one JSON object
  {"selector": "sel", "domain": "example.com",
   "keys": [{"id": "r1", "alg": "rsa-sha256", "privkey": "-----BEGIN RSA PRIVATE KEY-----…"},
            {"id": "e1", "alg": "ed25519-sha256", "privkey": "<base64 of the 32-byte seed>"}],
   "cases": [{"id": "c1", "key": "r1", "record": "v=DKIM1; p=MIIB…"}]}
stdout: one JSON object per case, in order
  {"id": "c1", "verified": false, "error": "KeyFormatError",
   "message": "could not parse RSA public key …", "logged": ["…"]}
`verified` is what dkim.verify returned (an exception out of it counts as not verified; its type
and message are `error`/`message`). `keyError`/`keyMessage` are what dkim.evaluate_pk, dkimpy's
key-record reader, raised on the record alone (None when it read a key). `logged` holds the
error lines dkimpy logged while verifying (it logs a KeyFormatError and returns False).
Each key signs the message once; the cases only change the key record the verifier gets.
Exits 3 when dkimpy (or PyNaCl, for ed25519) cannot be imported (the test then skips).
"""
import json
import logging
import sys

try:
    import dkim
    import nacl.signing  # noqa: F401  (ed25519 needs it; dkimpy imports it lazily)
except ImportError as e:  # pragma: no cover
    print("missing: %s" % e, file=sys.stderr)
    sys.exit(3)

MESSAGE = (
    b"From: Alice <alice@example.com>\r\n"
    b"To: Bob <bob@example.net>\r\n"
    b"Subject: differential test\r\n"
    b"Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"
    b"Message-ID: <dkimpy-diff@example.com>\r\n"
    b"\r\n"
    b"Hello.\r\n"
)


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.lines.append(record.getMessage())


def main():
    req = json.load(sys.stdin)
    selector = req["selector"].encode()
    domain = req["domain"].encode()
    name = selector + b"._domainkey." + domain + b"."
    log = logging.getLogger("dkimpy-diff")
    log.propagate = False
    log.setLevel(logging.DEBUG)
    signed = {}
    for k in req["keys"]:
        priv = k["privkey"].encode()
        sig = dkim.sign(MESSAGE, selector, domain, priv, signature_algorithm=k["alg"].encode(), include_headers=[b"from", b"to", b"subject"])
        signed[k["id"]] = sig + MESSAGE
    out = sys.stdout
    for case in req["cases"]:
        record = case["record"].encode("latin-1")

        def dnsfunc(qname, timeout=5):
            return record if qname.lower() == name.lower() else None

        h = Collect()
        log.handlers = [h]
        err = msg = None
        try:
            ok = bool(dkim.verify(signed[case["key"]], logger=log, dnsfunc=dnsfunc))
        except Exception as e:  # dkimpy lets some errors out of verify (UnknownKeyTypeError, …)
            ok, err, msg = False, type(e).__name__, str(e)
        kerr = kmsg = None
        try:
            dkim.evaluate_pk(name, record)
        except Exception as e:
            kerr, kmsg = type(e).__name__, str(e)
        out.write(json.dumps({"id": case["id"], "verified": ok, "error": err, "message": msg, "keyError": kerr, "keyMessage": kmsg, "logged": h.lines}) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
