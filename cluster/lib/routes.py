"""Reads the gateway's GET /admin/routes for cluster/e2e.
  routes.py <management-url> ips <service>      the ready endpoints' addresses, sorted, one line
  routes.py <management-url> served <service>   {instance: requests served} as JSON
Several management URLs, separated by commas (one per gateway pod): ips from the first, served added up."""
import json
import re
import sys
import urllib.request

urls, what, service = sys.argv[1].split(","), sys.argv[2], sys.argv[3]


def endpoints(url):
    with urllib.request.urlopen(url + "/admin/routes", timeout=5) as response:
        routes = json.load(response)["routes"]
    return {e.get("instance") or e.get("address"): e
            for route in routes if route.get("service") == service for e in route.get("endpoints", [])}


if what == "ips":
    ips = {re.search(r"\d+\.\d+\.\d+\.\d+", str(e.get("address"))).group(0) for e in endpoints(urls[0]).values() if e.get("ready")}
    print(" ".join(sorted(ips)))
else:
    served = {}
    for url in urls:
        try:
            found = endpoints(url)
        except OSError as e:
            # A gateway pod that stopped between the listing and this read: its counts are gone with it.
            print(f"skipping {url}: {e}", file=sys.stderr)
            continue
        for name, e in found.items():
            served[name] = served.get(name, 0) + e.get("served", 0)
    print(json.dumps(served))
