"""An SMTP server that catches the monitor's alert emails, on Debian's aiosmtpd.

Usage: smtp_catcher.py PORT DIR

Listens on 127.0.0.1:PORT and saves the Nth message it accepts (N = 1, 2, ...) as DIR/N.eml,
with DIR/N.json beside it: the envelope and the message as Python's standard email parser
reads it, transfer encodings undone, so a test checks what a mail client would show:
{"mail_from", "rcpt_tos", "from", "to", "subject", "message_id", "content_type",
"text", "html"}. Both files are written before the server answers 250, so they exist once
the client's send returns. Prints "ready" when it listens; runs until killed.
"""

import email
import email.policy
import itertools
import json
import os
import sys
import threading

from aiosmtpd.controller import Controller


class Catcher:
    def __init__(self, directory):
        self.directory = directory
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        number = next(self.numbers)
        raw = envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        seen = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["from"]),
            "to": [str(address) for address in message["to"].addresses],
            "subject": str(message["subject"]),
            "message_id": message["message-id"] and str(message["message-id"]),
            "content_type": message.get_content_type(),
            "text": text.get_content() if text else None,
            "html": html.get_content() if html else None,
        }
        self.write(f"{number}.eml", raw)
        self.write(f"{number}.json", json.dumps(seen, indent=2).encode())
        return "250 2.0.0 Message accepted"

    def write(self, name, data):
        # Whole files only: written aside, then renamed into place.
        path = os.path.join(self.directory, name)
        with open(path + ".part", "wb") as f:
            f.write(data)
        os.replace(path + ".part", path)


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Catcher(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()


main()
