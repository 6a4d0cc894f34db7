"""Talks to the mail catcher as an ordinary client would (smtplib), and reads
what it stored with the standard library's email parser.

  catcher_client.py send PORT [--starttls CAFILE] [--utf8]
  catcher_client.py parse FILE
"""
import base64
import json
import smtplib
import ssl
import sys
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser


def send(port, cafile, utf8):
    msg = EmailMessage()
    msg["From"] = "Sender <sender@example.test>"
    msg["To"] = "Jane Doe <jane@example.test>"
    msg["Cc"] = "cc@example.test"
    msg["Subject"] = "Grüße: new lead" if utf8 else "Hello from smtplib"
    msg.set_content("first line\n.leading dot\n..two dots\n.\nlast line\n")
    msg.add_alternative("<p>Hello <b>there</b></p>", subtype="html")
    msg.add_attachment(bytes(range(256)) * 40, maintype="application",
                       subtype="octet-stream", filename="blob.bin")
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        smtp.ehlo("client.test")
        if cafile:
            ctx = ssl.create_default_context(cafile=cafile)
            ctx.check_hostname = False
            smtp.starttls(context=ctx)
            smtp.ehlo("client.test")
            print("tls", smtp.sock.version())
        options = ["SMTPUTF8"] if utf8 else []
        refused = smtp.send_message(msg, from_addr="sender@example.test",
                                    to_addrs=["jane@example.test", "cc@example.test",
                                              "hidden@example.test"],
                                    mail_options=options)
        print("refused", json.dumps(refused))
    print("sent")


def parse(path):
    with open(path, "rb") as f:
        msg = BytesParser(policy=policy.default).parse(f)
    body = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    out = {
        "subject": str(msg["Subject"]),
        "from": str(msg["From"]),
        "to": str(msg["To"]),
        "returnPath": str(msg["Return-Path"]),
        "deliveredTo": msg.get_all("Delivered-To"),
        "text": body.get_content() if body else None,
        "html": html.get_content() if html else None,
        "attachments": [
            {"name": a.get_filename(),
             "data": base64.b64encode(a.get_content()).decode()}
            for a in msg.iter_attachments()
        ],
        "defects": [str(d) for d in msg.defects],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "send":
        cafile = None
        if "--starttls" in sys.argv:
            cafile = sys.argv[sys.argv.index("--starttls") + 1]
        send(int(sys.argv[2]), cafile, "--utf8" in sys.argv)
    else:
        parse(sys.argv[2])
