"""A tenant's webhook receiver built on the reference `standardwebhooks` library (PyPI).

Usage: standard_webhooks_receiver.py SECRETS_FILE LOG_FILE

Prints its port, then for every POST verifies the body and the three `webhook-*` headers with
each secret in SECRETS_FILE (a JSON array of `whsec_...`, re-read on every request, so the
test can change it), appends `{"id": ..., "verified": [indexes of the secrets that verified]}`
to LOG_FILE, and answers 204 when one verified, 401 otherwise.
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SECRETS_FILE, LOG_FILE = sys.argv[1], sys.argv[2]
HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        with open(SECRETS_FILE, encoding="utf-8") as f:
            secrets = json.load(f)
        headers = {name: self.headers.get(name, "") for name in HEADERS}
        verified = []
        for index, secret in enumerate(secrets):
            try:
                Webhook(secret).verify(body, headers)
                verified.append(index)
            except WebhookVerificationError:
                pass
        with open(LOG_FILE, "a", encoding="utf-8") as f:
            f.write(json.dumps({"id": headers["webhook-id"], "verified": verified}) + "\n")
        self.send_response(204 if verified else 401)
        self.end_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_port, flush=True)
server.serve_forever()
