"""Print, as JSON, what Python's email package sees in an RFC 5322 message.

An independent reader for the MIME builder's tests: headers decoded
(RFC 2047), addresses, every part with its type, parameters, file name
(RFC 2231), transfer encoding and decoded payload (sha256 and size), plus
line statistics of the raw octets and every defect the parser noticed.

usage: parse_message.py FILE
"""
import email
import email.headerregistry
import email.policy
import hashlib
import json
import sys


def addresses(msg, name):
    header = msg[name]
    if header is None:
        return None
    return [[a.display_name, a.addr_spec] for a in header.addresses]


def part_info(part, path):
    info = {
        "path": path,
        "content_type": part.get_content_type(),
        "params": {k: v for k, v in (part.get_params() or [])[1:]},
        "filename": part.get_filename(),
        "disposition": part.get_content_disposition(),
        "content_id": part.get("Content-ID"),
        "cte": part.get("Content-Transfer-Encoding"),
        "charset": part.get_content_charset(),
        "defects": [type(d).__name__ for d in part.defects],
        "multipart": part.is_multipart(),
    }
    if part.is_multipart():
        info["children"] = len(part.get_payload())
        return info
    payload = part.get_payload(decode=True) or b""
    info["size"] = len(payload)
    info["sha256"] = hashlib.sha256(payload).hexdigest()
    if part.get_content_maintype() == "text":
        # Line breaks as Python shows text read from a file: "\n".
        info["text"] = part.get_content().replace("\r\n", "\n")
    return info


def walk(part, path, out):
    out.append(part_info(part, path))
    if part.is_multipart():
        for i, child in enumerate(part.get_payload()):
            walk(child, path + "." + str(i) if path else str(i), out)


def main():
    # RFC 8098: an address list, which the default registry does not know.
    email.policy.default.header_factory.map_to_type(
        "disposition-notification-to", email.headerregistry.AddressHeader)
    raw = open(sys.argv[1], "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    lines = raw.split(b"\r\n")
    header_end = raw.find(b"\r\n\r\n")
    header_lines = raw[:header_end].split(b"\r\n") if header_end >= 0 else []
    parts = []
    walk(msg, "", parts)
    result = {
        "headers": [[k, str(v)] for k, v in msg.items()],
        "addresses": {n: addresses(msg, n) for n in
                      ("From", "To", "Cc", "Bcc", "Reply-To", "Disposition-Notification-To")},
        "subject": msg["Subject"],
        "defects": [type(d).__name__ for d in msg.defects],
        "parts": parts,
        "max_line": max(len(line) for line in lines),
        "max_header_line": max((len(line) for line in header_lines), default=0),
        "bare_lf": raw.replace(b"\r\n", b"").count(b"\n"),
        "bare_cr": raw.replace(b"\r\n", b"").count(b"\r"),
        "eight_bit": any(b >= 0x80 for b in raw),
        "ends_with_crlf": raw.endswith(b"\r\n"),
    }
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
