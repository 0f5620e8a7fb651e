"""Socket.IO clients for the swarm: a lean Engine.IO v4 / Socket.IO v5 client over an aiohttp
WebSocket (the default: about half the CPU per message of python-socketio's AsyncClient, see
docs/performance.md), and the same interface over `socketio.AsyncClient`.

Both call `on_event(name, data, received_at)` with `time.perf_counter()` taken as the frame
arrives, so latencies compare with the sender's timestamp on the same clock.
"""

import asyncio
import json
import time

import aiohttp


class Refused(Exception):
    """The server refused the Socket.IO connection (connect handler said no)."""


class Gone(Exception):
    """The connection closed before the acknowledgement arrived."""


class LeanSocket:
    """One Socket.IO connection on the default namespace, WebSocket transport only."""

    compress = 0  # permessage-deflate window bits offered (15, as browsers do), 0 for none

    def __init__(self, http, url, headers=None, auth=None, on_event=None, on_close=None):
        self.http = http
        self.url = url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.headers = headers or {}
        self.auth = auth
        self.on_event = on_event or (lambda name, data, at: None)
        self.on_close = on_close or (lambda: None)
        self.ws = None
        self.connected = False
        self._acks = {}
        self._next = 0
        self._reader = None

    async def connect(self, timeout=10):
        self.ws = await asyncio.wait_for(
            self.http.ws_connect(
                self.url, headers=self.headers, compress=self.compress, max_msg_size=0
            ),
            timeout,
        )
        try:
            opened = await asyncio.wait_for(self.ws.receive(), timeout)
            if opened.type != aiohttp.WSMsgType.TEXT or not opened.data.startswith("0"):
                raise Gone(f"no Engine.IO open packet: {opened!r}")
            await self.ws.send_str("40" + (json.dumps(self.auth) if self.auth else ""))
            answer = await asyncio.wait_for(self.ws.receive(), timeout)
            if answer.type != aiohttp.WSMsgType.TEXT:
                raise Gone(f"closed during connect: {answer!r}")
            if answer.data.startswith("44"):
                raise Refused(answer.data[2:])
            if not answer.data.startswith("40"):
                raise Gone(f"unexpected packet during connect: {answer.data[:80]}")
        except BaseException:
            await self.ws.close()
            raise
        self.connected = True
        self._reader = asyncio.create_task(self._read())

    async def _read(self):
        ws = self.ws
        try:
            async for msg in ws:
                at = time.perf_counter()
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                data = msg.data
                if data == "2":
                    await ws.send_str("3")
                elif data.startswith("42"):
                    start = 2
                    while data[start].isdigit():  # an ack id the server asked for; unused
                        start += 1
                    packet = json.loads(data[start:])
                    self.on_event(packet[0], packet[1] if len(packet) > 1 else None, at)
                elif data.startswith("43"):
                    start = 2
                    while data[start].isdigit():
                        start += 1
                    waiter = self._acks.pop(int(data[2:start]), None)
                    if waiter is not None and not waiter.done():
                        args = json.loads(data[start:])
                        waiter.set_result((args[0] if args else None, at))
                elif data.startswith("41") or data.startswith("1"):
                    break
        except (aiohttp.ClientError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._closed()

    def _closed(self):
        if not self.connected:
            return
        self.connected = False
        for waiter in self._acks.values():
            if not waiter.done():
                waiter.set_exception(Gone("connection closed"))
        self._acks.clear()
        self.on_close()

    async def emit(self, event, data):
        await self.ws.send_str("42" + json.dumps([event, data]))

    async def call(self, event, data, timeout=10):
        """Send an event with an ack id; returns (ack, received_at)."""
        if not self.connected:
            raise Gone("not connected")
        self._next += 1
        ack_id = self._next
        waiter = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = waiter
        try:
            await self.ws.send_str(f"42{ack_id}" + json.dumps([event, data]))
        except (aiohttp.ClientError, ConnectionError) as error:
            self._acks.pop(ack_id, None)
            raise Gone(str(error)) from error
        try:
            return await asyncio.wait_for(waiter, timeout)
        finally:
            self._acks.pop(ack_id, None)

    async def drop(self):
        """Cut the connection at once, as a phone losing the network does (no goodbye)."""
        if self.ws is None:
            return
        transport = self.ws._response.connection and self.ws._response.connection.transport
        if transport is not None:
            transport.abort()
        self.ws._response.close()
        if self._reader is not None:
            self._reader.cancel()
        self._closed()

    async def close(self):
        if self.ws is not None and not self.ws.closed:
            try:
                await asyncio.wait_for(self.ws.close(), 2)
            except (TimeoutError, aiohttp.ClientError, ConnectionError):
                pass
        if self._reader is not None:
            self._reader.cancel()
        self._closed()


class PySocket:
    """The same interface over python-socketio's `AsyncClient` (`--client python-socketio`)."""

    def __init__(self, http, url, headers=None, auth=None, on_event=None, on_close=None):
        import socketio

        self.url = url
        self.headers = headers or {}
        self.auth = auth
        self.on_event = on_event or (lambda name, data, at: None)
        self.on_close = on_close or (lambda: None)
        # engineio moves a Cookie header into the session's cookie jar, so each client gets
        # a session of its own whose jar keeps cookies for 127.0.0.1
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.client = socketio.AsyncClient(reconnection=False, http_session=self.http)
        self.client.on("*", self._any)
        self.client.on("disconnect", self._gone)

    @property
    def connected(self):
        return self.client.connected

    async def _any(self, event, data=None):
        self.on_event(event, data, time.perf_counter())

    async def _gone(self, reason=None):
        self.on_close()

    async def connect(self, timeout=10):
        import socketio

        try:
            await self.client.connect(
                self.url,
                headers=self.headers,
                auth=self.auth,
                transports=["websocket"],
                wait_timeout=timeout,
            )
        except socketio.exceptions.ConnectionError as error:
            raise Refused(str(error)) from error

    async def emit(self, event, data):
        await self.client.emit(event, data)

    async def call(self, event, data, timeout=10):
        import socketio

        try:
            ack = await self.client.call(event, data, timeout=timeout)
        except socketio.exceptions.TimeoutError as error:
            raise TimeoutError() from error
        except socketio.exceptions.BadNamespaceError as error:
            raise Gone(str(error)) from error
        return ack, time.perf_counter()

    async def drop(self):
        ws = getattr(self.client.eio, "ws", None)
        if ws is not None and ws._response.connection is not None:
            ws._response.connection.transport.abort()
        await self.close()

    async def close(self):
        await self.client.disconnect()
        await self.http.close()


CLIENTS = {"lean": LeanSocket, "python-socketio": PySocket}
