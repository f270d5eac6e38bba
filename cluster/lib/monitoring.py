"""Writes the cluster's Prometheus and prometheus-adapter configuration from the project's own add-on
values in k8s/addons, so the cluster runs what the README tells a kind/minikube user to install:
  prometheus.yml      the scrape job kube-prometheus-stack-values.yaml adds (pods by prometheus.io/*
                      annotations), at its scrape interval. Debian's Prometheus is built without the
                      Kubernetes discovery: the job's `kubernetes_sd_configs` (role pod) becomes a
                      file_sd that the pod-sd sidecar (cluster/build/pod-sd) writes with the same
                      __meta_kubernetes_* labels, so the job's relabelling is used unchanged;
  adapter.yaml        the rules of prometheus-adapter-values.yaml (rules.custom), in the adapter's own format.
Usage: python3 monitoring.py <k8s/addons dir> <output dir>"""
import os
import sys

import yaml

# Where the pod-sd sidecar writes the pods (cluster/addons/monitoring.yaml mounts it).
POD_SD_FILE = "/sd/pods.json"


def main(addons, out):
    with open(os.path.join(addons, "kube-prometheus-stack-values.yaml")) as f:
        spec = yaml.safe_load(f)["prometheus"]["prometheusSpec"]
    jobs = spec["additionalScrapeConfigs"]
    for job in jobs:
        sd = job.pop("kubernetes_sd_configs", None)
        if sd is not None:
            if sd != [{"role": "pod"}]:
                sys.exit(f"job {job['job_name']}: only kubernetes_sd_configs [{{role: pod}}] has a stand-in here")
            job["file_sd_configs"] = [{"files": [POD_SD_FILE], "refresh_interval": "5s"}]
    prometheus = {
        "global": {"scrape_interval": spec["scrapeInterval"], "evaluation_interval": spec["scrapeInterval"]},
        "scrape_configs": jobs,
    }
    with open(os.path.join(addons, "prometheus-adapter-values.yaml")) as f:
        rules = yaml.safe_load(f)["rules"]
    if rules.get("default", True):
        sys.exit("prometheus-adapter-values.yaml asks for the chart's default rules: only rules.custom is supported here")
    adapter = {"rules": rules["custom"]}
    os.makedirs(out, exist_ok=True)
    for name, doc in (("prometheus.yml", prometheus), ("adapter.yaml", adapter)):
        with open(os.path.join(out, name), "w") as f:
            yaml.safe_dump(doc, f, sort_keys=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
