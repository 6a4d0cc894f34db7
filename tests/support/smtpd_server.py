#!/usr/bin/python3
"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, port 0.

Prints "PORT <n>" once listening. Every message is stored in --maildir as
<n>.json (envelope) and <n>.eml (the DATA bytes as received, unstuffed).
Options: --tls-cert/--tls-key (STARTTLS offered), --implicit (TLS from the
first byte), --require-starttls, --auth USER:PASSWORD (PLAIN and LOGIN),
--auth-plaintext (allow AUTH before TLS), --size N, --pipelining (offer
PIPELINING, RFC 2920), --refuse-prefix P (550 5.1.1 for recipients whose
address starts with P).
"""
import argparse
import asyncio
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Store:
    def __init__(self, directory, implicit):
        self.directory = directory
        self.implicit = implicit
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "%04d" % self.count)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".eml.tmp", base + ".eml")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "rcpt_options": envelope.rcpt_options,
            "smtp_utf8": envelope.smtp_utf8,
            "tls": self.implicit or session.ssl is not None,
            "auth": session.authenticated,
        }
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(meta, f)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Ok: queued as Q%04d" % self.count


class Shaped(Store):
    """Store that offers PIPELINING and/or refuses some recipients; only used
    when asked, so every other test talks to aiosmtpd's own EHLO and RCPT."""

    def __init__(self, directory, implicit, pipelining, refuse_prefix):
        super().__init__(directory, implicit)
        self.pipelining = pipelining
        self.refuse_prefix = refuse_prefix

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            return responses[:-1] + ["250-PIPELINING", responses[-1]]
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_prefix and address.startswith(self.refuse_prefix):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Ok"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--maildir", required=True)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--implicit", action="store_true")
    ap.add_argument("--require-starttls", action="store_true")
    ap.add_argument("--auth")
    ap.add_argument("--auth-plaintext", action="store_true")
    ap.add_argument("--size", type=int, default=33554432)
    ap.add_argument("--pipelining", action="store_true")
    ap.add_argument("--refuse-prefix")
    args = ap.parse_args()

    ctx = None
    if args.tls_cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)

    user = password = None
    if args.auth:
        user, password = args.auth.split(":", 1)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        # handled=False: aiosmtpd then answers 535 itself.
        return AuthResult(success=ok, handled=False)

    if args.pipelining or args.refuse_prefix:
        handler = Shaped(args.maildir, args.implicit, args.pipelining, args.refuse_prefix)
    else:
        handler = Store(args.maildir, args.implicit)

    def factory():
        kwargs = dict(enable_SMTPUTF8=True, data_size_limit=args.size,
                      hostname="smtpd.test")
        if ctx is not None and not args.implicit:
            kwargs["tls_context"] = ctx
            kwargs["require_starttls"] = args.require_starttls
        if args.auth:
            kwargs["authenticator"] = authenticator
            # With implicit TLS the whole connection is encrypted already.
            kwargs["auth_require_tls"] = not (args.auth_plaintext or args.implicit)
        return SMTP(handler, **kwargs)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            factory, host="127.0.0.1", port=0,
            ssl=ctx if args.implicit else None)
        port = server.sockets[0].getsockname()[1]
        print("PORT %d" % port, flush=True)
        # Ends when the parent closes our stdin.
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        await reader.read()
        server.close()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
