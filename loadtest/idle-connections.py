#!/usr/bin/env python3
"""Idle connections against the gateway's public port, from one client process (issue 13, finding 4).

Opens CONNECTIONS connections to 127.0.0.1:PORT, some at a time, and holds them: "silent" ones send
nothing, "kept" ones send one GET and then idle on the kept-alive connection. Reports how many the
gateway accepted, closed at once (the connection cap) and closed later (header or idle timeout), the
gateway's open file descriptors (/proc/<pid>/fd), and how fast a new client is served meanwhile and
once they are closed. Bounded: at most CONNECTIONS connections, HOLD seconds. Loopback only.

  python3 loadtest/idle-connections.py --port 41080 --pid <gateway pid> --connections 10000 --mode silent

Run two at once for 20,000 where the hard limit of open files is 20,000 (ulimit -Hn).
"""
import argparse
import asyncio
import os
import resource
import time

REQUEST = b"GET /openapi.yaml HTTP/1.1\r\nHost: gateway\r\n\r\n"


def fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1


async def new_client_millis(port):
    """A new client's GET on a connection of its own: milliseconds to the status line, or None."""
    start = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
        writer.write(b"GET /openapi.yaml HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n")
        line = await asyncio.wait_for(reader.readline(), 5)
        writer.close()
        return round((time.monotonic() - start) * 1000, 1) if line.startswith(b"HTTP/1.1 200") else None
    except (OSError, asyncio.TimeoutError):
        return None


class Held:
    def __init__(self):
        self.peak_fds = 0
        self.opened = 0
        self.failed = 0
        self.closed_at_once = 0
        self.closed_later = []
        self.open_now = 0


async def hold(port, mode, held, hold_seconds, started):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        held.failed += 1
        return
    held.opened += 1
    held.open_now += 1
    opened = time.monotonic()
    try:
        if mode == "kept":
            writer.write(REQUEST)
            # The answer (headers and body), then nothing more: the connection idles.
        deadline = started + hold_seconds
        received = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            data = await asyncio.wait_for(reader.read(65536), left)
            if not data:
                after = time.monotonic() - opened
                # Refused at the cap: closed before its request (if any) got an answer, within a second or so.
                if received == 0 and (mode == "kept" or after < 1.0):
                    held.closed_at_once += 1
                else:
                    held.closed_later.append(after)
                break
            received += len(data)
    except (OSError, asyncio.TimeoutError):
        pass
    finally:
        held.open_now -= 1
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=41080)
    parser.add_argument("--pid", type=int, required=True, help="the gateway's process id, for /proc/<pid>/fd")
    parser.add_argument("--connections", type=int, default=20000)
    parser.add_argument("--mode", choices=["silent", "kept"], default="silent")
    parser.add_argument("--hold", type=float, default=90, help="seconds to hold the connections at most")
    parser.add_argument("--batch", type=int, default=500, help="connections opened at a time")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.connections + 200
    if hard != resource.RLIM_INFINITY and hard < wanted:
        raise SystemExit(f"{args.connections} connections need {wanted} file descriptors, the hard limit is {hard}: "
                         f"raise it (ulimit -Hn) or run several processes")
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))

    print(f"before: gateway fds {fds(args.pid)}, new client {await new_client_millis(args.port)} ms")
    held = Held()
    started = time.monotonic()

    async def sample():
        while True:
            held.peak_fds = max(held.peak_fds, fds(args.pid))
            await asyncio.sleep(0.5)
    sampler = asyncio.create_task(sample())
    tasks = []
    for i in range(0, args.connections, args.batch):
        for _ in range(min(args.batch, args.connections - i)):
            tasks.append(asyncio.create_task(hold(args.port, args.mode, held, args.hold, started)))
        await asyncio.sleep(0.05)
    await asyncio.sleep(2)
    print(f"{args.connections} {args.mode} connections after {time.monotonic() - started:.1f} s: opened {held.opened}, "
          f"failed {held.failed}, refused (closed unanswered) {held.closed_at_once}, open {held.open_now}; "
          f"gateway fds {fds(args.pid)}; new client {await new_client_millis(args.port)} ms")
    while held.open_now > 0 and time.monotonic() - started < args.hold:
        await asyncio.sleep(5)
        print(f"  t={time.monotonic() - started:.0f} s: open {held.open_now}, gateway fds {fds(args.pid)}, "
              f"new client {await new_client_millis(args.port)} ms")
    later = sorted(held.closed_later)
    if later:
        print(f"closed by the gateway later: {len(later)}, after {later[0]:.1f} to {later[-1]:.1f} s")
    print(f"still open at the end: {held.open_now}; gateway fds at most {held.peak_fds} (sampled every 0.5 s)")
    sampler.cancel()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(1)
    print(f"after release: gateway fds {fds(args.pid)}, new client {await new_client_millis(args.port)} ms")


if __name__ == "__main__":
    asyncio.run(main())
