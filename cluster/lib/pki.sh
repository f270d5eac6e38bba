# The cluster's PKI, made by openssl (sourced by cluster/up): one CA for everything that serves or
# signs in, a front-proxy CA for the aggregation layer (metrics-server), the service-account key pair,
# and a kubeconfig per client (admin, controller-manager, scheduler, kubelet, kube-proxy).

PKI=$STATE/pki

# cert <name> <subject> <ca> [subjectAltName]: a key and a certificate signed by <ca>, valid 30 days.
cert() {
  local name=$1 subject=$2 ca=$3 san=${4:-} ext
  [[ -f $PKI/$name.crt ]] && return 0
  ext=$(mktemp)
  { echo "basicConstraints=critical,CA:FALSE"; echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [[ -n $san ]]; then echo "extendedKeyUsage=serverAuth,clientAuth"; echo "subjectAltName=$san"
    else echo "extendedKeyUsage=clientAuth"; fi; } >"$ext"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/$name.key" -subj "$subject" -out "$PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$ext" "$PKI/$name.csr"
}

ca() {
  [[ -f $PKI/$1.crt ]] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$PKI/$1.key" -subj "/CN=$2" -days 30 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI/$1.crt" 2>/dev/null
}

# kubeconfig <name>: <name>.kubeconfig, signing in with the client certificate <name>.crt.
kubeconfig() {
  cat >"$PKI/$1.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
  - name: vertx-elastic
    cluster:
      server: https://$NODE_IP:$APISERVER_PORT
      certificate-authority: $PKI/ca.crt
users:
  - name: $1
    user:
      client-certificate: $PKI/$1.crt
      client-key: $PKI/$1.key
contexts:
  - name: vertx-elastic
    context: {cluster: vertx-elastic, user: $1}
current-context: vertx-elastic
YAML
}

make_pki() {
  mkdir -p "$PKI" && chmod 700 "$PKI"
  ca ca vertx-elastic-cluster-ca
  ca front-proxy-ca vertx-elastic-front-proxy-ca
  [[ -f $PKI/sa.key ]] || { openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null && openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null; }
  cert apiserver /CN=kube-apiserver ca \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,DNS:localhost,IP:$NODE_IP,IP:$KUBERNETES_SVC_IP,IP:127.0.0.1"
  cert etcd /CN=etcd ca "DNS:localhost,IP:127.0.0.1"
  cert kubelet-serving "/CN=$NODE_NAME" ca "DNS:$NODE_NAME,IP:$NODE_IP"
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" ca
  cert apiserver-etcd-client /CN=kube-apiserver-etcd-client ca
  cert front-proxy-client /CN=front-proxy-client front-proxy-ca
  cert admin "/O=system:masters/CN=admin" ca
  cert controller-manager /CN=system:kube-controller-manager ca
  cert scheduler /CN=system:kube-scheduler ca
  cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" ca
  cert kube-proxy /CN=system:kube-proxy ca
  local who
  for who in admin controller-manager scheduler kubelet kube-proxy; do kubeconfig "$who"; done
}
