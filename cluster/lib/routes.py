"""Reads the gateway's GET /admin/routes for cluster/e2e.
  routes.py <management-url> ips <service>      the ready endpoints' addresses, sorted, one line
  routes.py <management-url> served <service>   {instance: requests served} as JSON"""
import json
import re
import sys
import urllib.request

url, what, service = sys.argv[1], sys.argv[2], sys.argv[3]
with urllib.request.urlopen(url + "/admin/routes", timeout=5) as response:
    routes = json.load(response)["routes"]
endpoints = {}
for route in routes:
    if route.get("service") == service:
        for e in route.get("endpoints", []):
            endpoints[e.get("instance") or e.get("address")] = e
if what == "ips":
    ips = {re.search(r"\d+\.\d+\.\d+\.\d+", str(e.get("address"))).group(0) for e in endpoints.values() if e.get("ready")}
    print(" ".join(sorted(ips)))
else:
    print(json.dumps({name: e.get("served", 0) for name, e in endpoints.items()}))
