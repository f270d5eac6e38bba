"""The verdict of a cluster elasticity run on its summary.json (loadtest/cluster-run.sh): prints what
it checks and exits 1 when a check fails:
  - no failed user and no game cut by the server (Gatling's assertions check every request too);
  - every HPA scaled up after the load step and down after the drop;
  - every new course pod served at least 20 % of the course requests within 2 s of becoming Ready;
  - game pods left cheapest first (pod-deletion-cost = players), and each went only after its drain.
With --short (CI's profile) only what CI fails on fails (a failed user, a cut game, an HPA that never
scaled); the new pods' share and the order of game pod exits are printed as "warn": on a shared 2-core
machine samples are seconds apart and the deletion costs are read up to 3 s before the controller acts.
Usage: python3 elastic-verdict.py summary.json [--short]"""
import json
import sys


def main(path, short=False):
    s = json.load(open(path))
    failures = []

    def check(ok, line, required=True):
        print(("ok    " if ok else "FAIL  " if required else "warn  ") + line)
        if not ok and required:
            failures.append(line)

    check(s["failedUsers"] == 0, f"users with a failed request or check: {s['failedUsers']} of {s['users']}")
    check(s["gamesCut"] == 0, f"games cut by the server: {s['gamesCut']}")
    for name, r in sorted(s["replicas"].items()):
        up, down = r.get("scaleUpAfterLoadStepSeconds"), r.get("scaleDownAfterDropSeconds")
        check(up is not None and r["peak"] > r["initial"],
              f"{name}: replicas {r['initial']} -> peak {r['peak']} (desired {r['peakDesired']}), scale-up {up} s after the load step")
        check(down is not None, f"{name}: scale-down {down} s after the drop, final {r['final']}")
    for pod in s.get("newPods", {}).get("edu", []):
        check(pod["ok"], f"new course pod {pod['pod']}: {pod.get('share')} of the course requests from Ready to the "
                         f"next sample 2 s on ({pod.get('windowShare')} of a {pod.get('windowSeconds')} s window; Ready at "
                         f"{pod['readyAtSeconds']} s)", required=not short)
    for component in ("game", "gateway", "edu"):
        for e in s.get("podExits", {}).get(component, []):
            line = (f"{component} pod {e['pod']} left at {e['terminatingAtSeconds']} s: deletion cost {e['deletionCost']} "
                    f"(pods that stayed: {e['costsOfPodsThatStayed']}), gone {e['goneAfterSeconds']} s later, "
                    f"{e['playersInRun']} players in a game then")
            if component == "game":
                check(e["cheapest"], line, required=not short)
            else:
                print("info  " + line)
    for e in s.get("events", []):
        print(f"event {e['atSeconds']:>6} s  {e['what']}")
    if "forcedDelete" in s:
        f = s["forcedDelete"]
        print(f"info  forced delete at {f['atSeconds']} s: {f['gatewayServerErrorsNext30s']} gateway 5xx "
              f"in the {f['gatewayRequestsNext30s']} requests of the next 30 s")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], "--short" in sys.argv[2:]))
