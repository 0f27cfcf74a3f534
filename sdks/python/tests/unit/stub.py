"""A stub WeCom Fleet server for the unit tests: http.server in a thread, answering in the API's
conventions (the `ApiError` body, `X-Request-Id` on every answer, `Page_*` envelopes) with replies
each test programs, and recording every request it got."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple, Union
from urllib.parse import parse_qs, urlsplit

TIMESTAMP = "2025-01-02T03:04:05Z"


@dataclass
class Request:
    method: str
    path: str
    query: Dict[str, str]
    headers: Dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode()) if self.body else None

    @property
    def bearer(self) -> Optional[str]:
        value = self.headers.get("authorization", "")
        return value[len("Bearer ") :] if value.startswith("Bearer ") else None


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-encoded unless bytes or str
    headers: Dict[str, str] = field(default_factory=dict)
    drop: bool = False  # close the connection without answering


Handler = Callable[[Request], Reply]


def ok(body: Any, status: int = 200, **headers: str) -> Reply:
    return Reply(status, body, {k.replace("_", "-"): v for k, v in headers.items()})


def error(
    status: int,
    code: str,
    message: str = "",
    details: Optional[Mapping[str, Any]] = None,
    headers: Optional[Mapping[str, str]] = None,
    request_id: Optional[str] = None,
) -> Reply:
    body: Dict[str, Any] = {"code": code, "message": message or code.replace("_", " ")}
    if details is not None:
        body["details"] = dict(details)
    if request_id is not None:
        body["request_id"] = request_id
    return Reply(status, body, dict(headers or {}))


def page(items: List[Any], total: int, page: int, size: int) -> Dict[str, Any]:
    return {"items": items, "total": total, "page": page, "size": size}


def account(i: int, status: str = "online") -> Dict[str, Any]:
    return {
        "account_id": f"acc-{i:04d}",
        "account_name": f"sales-{i:04d}",
        "connector": "simulator",
        "config": {},
        "status": status,
        "created_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
    }


def token_pair(access: str, refresh: str, expires_in: int = 7200) -> Dict[str, Any]:
    return {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "refresh_token": refresh,
        "refresh_expires_in": 604800,
        "user": {"id": "usr-1", "email": "admin@demo.local", "role": "tenant_admin", "tenant_id": "ten-1"},
    }


class Stub:
    """Routes: ``stub.on("GET", "/api/v1/accounts", reply_or_handler, ...)``; several replies
    are answered in turn, the last one repeating."""

    def __init__(self) -> None:
        self.requests: List[Request] = []
        self._routes: Dict[Tuple[str, str], List[Union[Reply, Handler]]] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        stub = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                stub._serve(self)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Stub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def on(self, method: str, path: str, *replies: Union[Reply, Handler]) -> None:
        with self._lock:
            self._routes[(method.upper(), path)] = list(replies)

    def calls(self, method: Optional[str] = None, path: Optional[str] = None) -> List[Request]:
        with self._lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method.upper()) and (path is None or r.path == path)
            ]

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("content-length") or 0)
        body = handler.rfile.read(length) if length else b""
        request = Request(
            handler.command,
            url.path,
            {k: v[-1] for k, v in parse_qs(url.query).items()},
            {k.lower(): v for k, v in handler.headers.items()},
            body,
        )
        with self._lock:
            self.requests.append(request)
            replies = self._routes.get((request.method, request.path))
            if replies is None:
                reply_or_handler: Union[Reply, Handler] = error(404, "not_found", f"no stub for {request.path}")
            elif len(replies) > 1:
                reply_or_handler = replies.pop(0)
            else:
                reply_or_handler = replies[0]
            request_id = f"req-{next(self._ids)}"
        reply = reply_or_handler(request) if callable(reply_or_handler) else reply_or_handler
        if reply.drop:
            handler.close_connection = True
            handler.connection.shutdown(2)  # socket.SHUT_RDWR: no answer at all
            return
        if isinstance(reply.body, bytes):
            content, ctype = reply.body, "application/octet-stream"
        elif isinstance(reply.body, str):
            content, ctype = reply.body.encode(), "text/plain; charset=utf-8"
        elif reply.body is None and reply.status == 204:
            content, ctype = b"", ""
        else:
            content, ctype = json.dumps(reply.body).encode(), "application/json; charset=utf-8"
        handler.send_response(reply.status)
        headers = {"X-Request-Id": request_id, **reply.headers}
        if ctype:
            headers.setdefault("Content-Type", ctype)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)
