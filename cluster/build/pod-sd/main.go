// pod-sd writes every running pod of the cluster as a Prometheus file_sd target, with the labels
// Prometheus's own Kubernetes pod discovery gives (__meta_kubernetes_namespace, _pod_name,
// _pod_ip, _pod_ready, _pod_phase, _pod_label_<name>, _pod_annotation_<name> and their *present_*
// companions), so the scrape job of k8s/addons relabels it unchanged. Debian's Prometheus is built
// without the Kubernetes discovery; this sidecar stands in for it. It lists pods through the
// in-cluster API (service-account token and CA) every -interval and replaces -out atomically.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

const account = "/var/run/secrets/kubernetes.io/serviceaccount"

type podList struct {
	Items []struct {
		Metadata struct {
			Name        string            `json:"name"`
			Namespace   string            `json:"namespace"`
			Labels      map[string]string `json:"labels"`
			Annotations map[string]string `json:"annotations"`
		} `json:"metadata"`
		Status struct {
			Phase      string `json:"phase"`
			PodIP      string `json:"podIP"`
			Conditions []struct {
				Type   string `json:"type"`
				Status string `json:"status"`
			} `json:"conditions"`
		} `json:"status"`
	} `json:"items"`
}

type targetGroup struct {
	Targets []string          `json:"targets"`
	Labels  map[string]string `json:"labels"`
}

var invalid = regexp.MustCompile(`[^a-zA-Z0-9_]`)

func main() {
	out := flag.String("out", "/sd/pods.json", "the file_sd file to write")
	interval := flag.Duration("interval", 5*time.Second, "time between two lists")
	flag.Parse()
	ca, err := os.ReadFile(account + "/ca.crt")
	if err != nil {
		log.Fatalf("the service account's CA: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	api := "https://" + net.JoinHostPort(os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")) + "/api/v1/pods"
	for {
		if n, err := refresh(client, api, *out); err != nil {
			log.Printf("pods not listed: %v", err)
		} else {
			log.Printf("%d pods written to %s", n, *out)
		}
		time.Sleep(*interval)
	}
}

func refresh(client *http.Client, api, out string) (int, error) {
	token, err := os.ReadFile(account + "/token") // read each time: the kubelet rotates it
	if err != nil {
		return 0, err
	}
	req, _ := http.NewRequest(http.MethodGet, api, nil)
	req.Header.Set("Authorization", "Bearer "+string(token))
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s answered %s", api, resp.Status)
	}
	var pods podList
	if err := json.NewDecoder(resp.Body).Decode(&pods); err != nil {
		return 0, err
	}
	groups := []targetGroup{}
	for _, p := range pods.Items {
		if p.Status.PodIP == "" || p.Status.Phase != "Running" {
			continue
		}
		l := map[string]string{
			"__meta_kubernetes_namespace": p.Metadata.Namespace,
			"__meta_kubernetes_pod_name":  p.Metadata.Name,
			"__meta_kubernetes_pod_ip":    p.Status.PodIP,
			"__meta_kubernetes_pod_phase": p.Status.Phase,
			"__meta_kubernetes_pod_ready": "false",
		}
		for _, c := range p.Status.Conditions {
			if c.Type == "Ready" && c.Status == "True" {
				l["__meta_kubernetes_pod_ready"] = "true"
			}
		}
		for k, v := range p.Metadata.Labels {
			l["__meta_kubernetes_pod_label_"+invalid.ReplaceAllString(k, "_")] = v
			l["__meta_kubernetes_pod_labelpresent_"+invalid.ReplaceAllString(k, "_")] = "true"
		}
		for k, v := range p.Metadata.Annotations {
			l["__meta_kubernetes_pod_annotation_"+invalid.ReplaceAllString(k, "_")] = v
			l["__meta_kubernetes_pod_annotationpresent_"+invalid.ReplaceAllString(k, "_")] = "true"
		}
		groups = append(groups, targetGroup{Targets: []string{p.Status.PodIP}, Labels: l})
	}
	body, _ := json.Marshal(groups)
	tmp := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".tmp")
	if err := os.WriteFile(tmp, body, 0o644); err != nil {
		return 0, err
	}
	return len(groups), os.Rename(tmp, out)
}
