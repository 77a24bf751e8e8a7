"""The balancer and the callers of scripts/gateway-fleet.sh (standard library only).

balance: a round-robin TCP balancer. It sends each new connection to the next backend whose /ready answered 200 at
its last check (one check every --check-interval seconds; one 503 takes a backend out, one 200 puts it back), and
tries the next backend when a connection is refused. It writes its counts to --counts when it is stopped (SIGTERM).

call: callers that send 2026-07-28 tools/call requests through the balancer without pause, each call on a new
connection (the balancer routes connections), and print the counts as key=value lines. A call is successful when its
answer is HTTP 200 with a tool result that is not an error; every other answer and every connection error is a lost
call, and the first few are printed.
"""

import argparse
import asyncio
import http.client
import json
import signal
import sys
import threading
import time


def balance(args):
    backends = [b.split(",") for b in args.backend]  # name,port,management-port
    ready = {name: False for name, _, _ in backends}
    counts = {"connections": 0, "refused_retried": 0, "no_backend": 0}
    for name, _, _ in backends:
        counts["to_" + name] = 0
    turn = [0]

    async def check(name, mport):
        while True:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", int(mport)), 1)
                writer.write(b"GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                status = (await asyncio.wait_for(reader.readline(), 2)).split()
                writer.close()
                ok = len(status) > 1 and status[1] == b"200"
            except (OSError, asyncio.TimeoutError):
                ok = False
            if ready[name] != ok:
                print(f"balancer {time.strftime('%H:%M:%S')}: {name} {'in' if ok else 'out'}", file=sys.stderr)
            ready[name] = ok
            await asyncio.sleep(args.check_interval)

    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            try:
                writer.close()
            except OSError:
                pass

    async def serve(client_reader, client_writer):
        counts["connections"] += 1
        order = [backends[(turn[0] + i) % len(backends)] for i in range(len(backends))]
        turn[0] += 1
        candidates = [b for b in order if ready[b[0]]] or order
        for name, port, _ in candidates:
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", int(port))
            except OSError:
                counts["refused_retried"] += 1
                continue
            counts["to_" + name] += 1
            await asyncio.gather(pipe(client_reader, writer), pipe(reader, client_writer))
            return
        counts["no_backend"] += 1
        client_writer.close()

    async def main():
        server = await asyncio.start_server(serve, "127.0.0.1", args.port, backlog=512)
        checks = [asyncio.create_task(check(name, mport)) for name, _, mport in backends]
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()
        for task in checks:
            task.cancel()
        server.close()
        with open(args.counts, "w") as out:
            for key, value in counts.items():
                out.write(f"{key}={value}\n")

    asyncio.run(main())


def call(args):
    meta = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
               "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": args.tool,
               "Host": "127.0.0.1"}
    lock = threading.Lock()
    counts = {"calls": 0, "successful": 0, "lost": 0}
    samples = []
    deadline = time.monotonic() + args.seconds

    def lose(what):
        with lock:
            counts["lost"] += 1
            if len(samples) < 5:
                samples.append(f"{time.strftime('%H:%M:%S')} {what}")

    def caller(number):
        request_id = number * 1_000_000_000
        while time.monotonic() < deadline:
            request_id += 1
            body = json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "tools/call",
                               "params": {"name": args.tool, "arguments": {}, "_meta": meta}})
            with lock:
                counts["calls"] += 1
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            try:
                connection.request("POST", "/mcp", body, headers)
                response = connection.getresponse()
                text = response.read().decode()
                if response.status == 200 and '"isError":false' in text:
                    with lock:
                        counts["successful"] += 1
                else:
                    lose(f"{response.status} {text[:200]!r}")
            except OSError as error:
                lose(f"{type(error).__name__}: {error}")
            except http.client.HTTPException as error:
                lose(f"{type(error).__name__}: {error}")
            finally:
                connection.close()

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(args.callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for key, value in counts.items():
        print(f"{key}={value}")
    for sample in samples:
        print(f"lost_sample={sample}")


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    balancer = commands.add_parser("balance")
    balancer.add_argument("--port", type=int, required=True)
    balancer.add_argument("--backend", action="append", required=True, help="name,port,management-port")
    balancer.add_argument("--check-interval", type=float, default=0.5)
    balancer.add_argument("--counts", required=True)
    callers = commands.add_parser("call")
    callers.add_argument("--port", type=int, required=True)
    callers.add_argument("--callers", type=int, default=8)
    callers.add_argument("--seconds", type=float, default=30)
    callers.add_argument("--tool", default="test_simple_text")
    args = parser.parse_args()
    if args.command == "balance":
        balance(args)
    else:
        call(args)


if __name__ == "__main__":
    main()
