"""A steady, bounded HTTP load for cluster/e2e: THREADS loops of GET <url> until <seconds> pass,
<max> requests are sent, or the file <stop> appears. Prints one JSON line of totals.
Only for addresses of the cluster's test range or loopback (cluster/up's network rule)."""
import ipaddress
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

url, seconds, max_requests, stop_file = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
threads = int(os.environ.get("THREADS", "4"))
host = ipaddress.ip_address(urllib.parse.urlparse(url).hostname)
if not (host in ipaddress.ip_network("198.18.0.0/15") or host.is_loopback):
    sys.exit(f"refusing to load {host}: only 198.18.0.0/15 or loopback")

lock = threading.Lock()
totals = {"requests": 0, "failures": 0, "statuses": {}, "errors": []}
deadline = time.monotonic() + seconds


def worker():
    while time.monotonic() < deadline and not os.path.exists(stop_file):
        with lock:
            if totals["requests"] >= max_requests:
                return
            totals["requests"] += 1
        status, error = 0, None
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as e:
            status = e.code
        except Exception as e:  # a refused or reset connection is a failed request too
            error = repr(e)
        with lock:
            totals["statuses"][str(status)] = totals["statuses"].get(str(status), 0) + 1
            if status != 200:
                totals["failures"] += 1
                if len(totals["errors"]) < 5:
                    # The time tells which step of the scale (logged by cluster/e2e) it fell in.
                    totals["errors"].append(f"{time.strftime('%H:%M:%S')} {error or f'HTTP {status}'}")
        time.sleep(0.02)


workers = [threading.Thread(target=worker) for _ in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(json.dumps(totals))
