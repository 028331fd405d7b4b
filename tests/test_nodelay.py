"""TCP_NODELAY on every accepted connection, also with several workers.

With `--workers 2` uvicorn binds the listening socket itself (proto 0) and each worker runs
`Server.run(sockets=[...])` on it; asyncio turns Nagle's algorithm off only for sockets whose
proto is IPPROTO_TCP, so the accepted sockets kept it on and every response waited ~40 ms for
the client's delayed ACK. These tests run a real uvicorn server on exactly that path (a socket
from `Config.bind_socket()`, as the multi-worker supervisor passes it) and read the option on
the server's side of each live connection. The latency itself is measured by
`python -m bench.bench_http --smoke` against a real `cleangate serve --workers 2`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from service.api.connections import GateH11Protocol
from tests.conftest import free_port


async def tiny_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


@contextmanager
def multiworker_style_server(protocol: type[H11Protocol]) -> Iterator[tuple[str, uvicorn.Server]]:
    """One uvicorn worker serving a socket bound the way `--workers N` binds it."""
    config = uvicorn.Config(tiny_app, host="127.0.0.1", port=free_port(), http=protocol, log_level="warning",
                            lifespan="off")
    sock = config.bind_socket()
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", server
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()


def server_side_nodelay(server: uvicorn.Server) -> list[int]:
    """TCP_NODELAY of every connection the server holds open, read on the server's socket."""
    return [proto.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            for proto in list(server.server_state.connections)]


def test_accepted_connections_have_nodelay_on_a_socket_bound_like_several_workers() -> None:
    with multiworker_style_server(GateH11Protocol) as (url, server), httpx.Client(base_url=url) as client:
        assert client.get("/").text == "ok"  # keep-alive: the connection stays open to inspect
        options = server_side_nodelay(server)
    assert options, "the server holds the client's connection"
    assert all(options), f"TCP_NODELAY off on an accepted connection: {options}"


def test_plain_uvicorn_protocol_leaves_nagle_on_there_which_is_the_stall_being_fixed() -> None:
    """The control: the same server with uvicorn's own protocol shows the defect, so the test
    above can fail. (If a later uvicorn fixes it, this test says so and can go.)"""
    with multiworker_style_server(H11Protocol) as (url, server), httpx.Client(base_url=url) as client:
        assert client.get("/").text == "ok"
        options = server_side_nodelay(server)
    assert options and not any(options)
