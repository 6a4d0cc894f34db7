#!/usr/bin/python3
"""A real SMTP server that offers PIPELINING (RFC 2920): aiosmtpd on
127.0.0.1, port 0, for the client's pipelined sends.

Prints "PORT <n>" once listening. Refuses recipients whose local part starts
with "refuse" (550 5.1.1). Appends each message to --out as one JSON line:
mail_from, rcpt_tos and data (the DATA bytes as received, unstuffed, as
latin-1 text). Ends when stdin is closed.
"""
import argparse
import asyncio
import json
import sys

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return responses[:-1] + ["250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse"):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps({
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "data": (envelope.original_content or envelope.content).decode("latin-1"),
            }) + "\n")
        return "250 2.0.0 Ok: queued as P%04d" % self.count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    handler = Handler(args.out)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(handler, hostname="pipelining.test"), host="127.0.0.1", port=0)
        print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        await reader.read()
        server.close()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
