{{/*
The chart name, cut to 63 characters (a DNS label).
*/}}
{{- define "vertx-elastic.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object name: <release>-<chart>, or the release name alone when it already
contains the chart name; cut to 63 characters.
*/}}
{{- define "vertx-elastic.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The name of one component's objects: (dict "context" $ "component" "gateway").
*/}}
{{- define "vertx-elastic.componentName" -}}
{{- printf "%s-%s" (include "vertx-elastic.fullname" .context | trunc 50 | trimSuffix "-") .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Chart name and version, as in the helm.sh/chart label.
*/}}
{{- define "vertx-elastic.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of one component: stable for the life of a release, so Deployments can select by
them. Called with (dict "context" $ "component" "gateway").
*/}}
{{- define "vertx-elastic.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vertx-elastic.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Full labels of one component's objects: the selector labels plus chart, version and manager.
*/}}
{{- define "vertx-elastic.labels" -}}
helm.sh/chart: {{ include "vertx-elastic.chart" .context }}
{{ include "vertx-elastic.selectorLabels" . }}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
app.kubernetes.io/part-of: vertx-elastic
{{- end }}

{{/*
Labels that select every pod of the release (the default-deny NetworkPolicy).
*/}}
{{- define "vertx-elastic.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "vertx-elastic.name" . }}
app.kubernetes.io/instance: {{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
An image reference, [registry/]repository:tag or [registry/]repository@digest; the image's own
registry wins over global.imageRegistry. Called with (dict "context" $ "image" .Values.gateway.image).
*/}}
{{- define "vertx-elastic.image" -}}
{{- $registry := .image.registry | default ((.context.Values.global | default dict).imageRegistry) | default "" | trimSuffix "/" }}
{{- $repository := ternary (printf "%s/%s" $registry .image.repository) .image.repository (ne $registry "") }}
{{- if .image.digest }}
{{- printf "%s@%s" $repository .image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .context.Chart.AppVersion .image.tag) }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding JWT_SECRET.
*/}}
{{- define "vertx-elastic.jwtSecretName" -}}
{{- if .Values.jwt.existingSecret }}
{{- .Values.jwt.existingSecret }}
{{- else }}
{{- include "vertx-elastic.componentName" (dict "context" . "component" "jwt") }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding edu's database URL and user (and the password for the in-chart database).
*/}}
{{- define "vertx-elastic.databaseSecretName" -}}
{{- include "vertx-elastic.componentName" (dict "context" . "component" "database") }}
{{- end }}

{{/*
The database URL and user edu connects with (the chart-managed, non-secret part of its Secret).
*/}}
{{- define "vertx-elastic.databaseSettings" -}}
{{- if .Values.postgresql.enabled -}}
url: {{ printf "postgresql://%s:5432/%s" (include "vertx-elastic.componentName" (dict "context" . "component" "postgresql")) .Values.postgresql.auth.database | quote }}
username: {{ .Values.postgresql.auth.username | quote }}
{{- else -}}
url: {{ printf "postgresql://%s:%d/%s" .Values.externalDatabase.host (int .Values.externalDatabase.port) .Values.externalDatabase.database | quote }}
username: {{ .Values.externalDatabase.username | quote }}
{{- end }}
{{- end }}

{{/*
Where the database password comes from: a secretKeyRef body.
*/}}
{{- define "vertx-elastic.databasePasswordRef" -}}
{{- if and .Values.postgresql.enabled .Values.postgresql.auth.existingSecret -}}
name: {{ .Values.postgresql.auth.existingSecret }}
key: {{ .Values.postgresql.auth.existingSecretPasswordKey }}
{{- else if .Values.postgresql.enabled -}}
name: {{ include "vertx-elastic.databaseSecretName" . }}
key: password
{{- else -}}
name: {{ .Values.externalDatabase.existingSecret }}
key: {{ .Values.externalDatabase.existingSecretPasswordKey }}
{{- end }}
{{- end }}

{{/*
Fails with a sentence on value combinations that cannot work.
*/}}
{{- define "vertx-elastic.validate" -}}
{{- if and .Values.postgresql.enabled .Values.externalDatabase.host }}
{{- fail "Choose one database: set postgresql.enabled=false to use externalDatabase.host, or clear externalDatabase.host to use the in-chart PostgreSQL." }}
{{- end }}
{{- if and (not .Values.postgresql.enabled) (not .Values.externalDatabase.host) }}
{{- fail "edu-course-service needs a database: keep postgresql.enabled=true or set externalDatabase.host." }}
{{- end }}
{{- if and (not .Values.postgresql.enabled) (not .Values.externalDatabase.existingSecret) }}
{{- fail "externalDatabase.existingSecret must name a Secret holding the database password (the chart keeps no password in values)." }}
{{- end }}
{{- if and .Values.ingress.enabled .Values.ingress.tls.enabled (not .Values.ingress.tls.secretName) }}
{{- fail "ingress.tls.enabled=true needs ingress.tls.secretName, the Secret holding the certificate." }}
{{- end }}
{{- if and (not .Values.postgresql.enabled) .Values.postgresql.auth.existingSecret }}
{{- fail "postgresql.auth.existingSecret is for the in-chart PostgreSQL; with postgresql.enabled=false name the password's Secret in externalDatabase.existingSecret." }}
{{- end }}
{{- if and .Values.tracing.headers.existingSecret (not .Values.tracing.otlpEndpoint) }}
{{- fail "tracing.headers.existingSecret needs tracing.otlpEndpoint: without an endpoint nothing is exported." }}
{{- end }}
{{- $game := .Values.game }}
{{- if le (int $game.terminationGracePeriodSeconds) (add $game.config.drainDeadlineSeconds $game.config.shutdownTimeoutSeconds | int) }}
{{- fail (printf "game.terminationGracePeriodSeconds (%d) must exceed game.config.drainDeadlineSeconds + game.config.shutdownTimeoutSeconds (%d), or the kubelet kills pods with games still running." (int $game.terminationGracePeriodSeconds) (add $game.config.drainDeadlineSeconds $game.config.shutdownTimeoutSeconds | int)) }}
{{- end }}
{{- if and $game.autoscaling.enabled (ge (int $game.autoscaling.playersPerPod) (int $game.config.maxPlayers)) }}
{{- fail (printf "game.autoscaling.playersPerPod (%d) must stay below game.config.maxPlayers (%d): the HPA has to add pods before the ones it has are full." (int $game.autoscaling.playersPerPod) (int $game.config.maxPlayers)) }}
{{- end }}
{{- $gateway := .Values.gateway }}
{{- $gatewayStop := add $gateway.preStopSleepSeconds $gateway.config.drainDeadlineSeconds $gateway.config.shutdownTimeoutSeconds | int }}
{{- if le (int $gateway.terminationGracePeriodSeconds) $gatewayStop }}
{{- fail (printf "gateway.terminationGracePeriodSeconds (%d) must exceed gateway.preStopSleepSeconds + gateway.config.drainDeadlineSeconds + gateway.config.shutdownTimeoutSeconds (%d), or the kubelet kills gateways with game tunnels still open." (int $gateway.terminationGracePeriodSeconds) $gatewayStop) }}
{{- end }}
{{- $edu := .Values.edu }}
{{- $eduStop := add $edu.preStopSleepSeconds $edu.config.shutdownTimeoutSeconds | int }}
{{- if le (int $edu.terminationGracePeriodSeconds) $eduStop }}
{{- fail (printf "edu.terminationGracePeriodSeconds (%d) must exceed edu.preStopSleepSeconds + edu.config.shutdownTimeoutSeconds (%d), or the kubelet kills pods with requests in flight." (int $edu.terminationGracePeriodSeconds) $eduStop) }}
{{- end }}
{{- range $component := list "gateway" "edu" "game" }}
{{- $values := index $.Values $component }}
{{- if and $values.autoscaling.enabled (gt (int $values.autoscaling.minReplicas) (int $values.autoscaling.maxReplicas)) }}
{{- fail (printf "%s.autoscaling.minReplicas must not exceed %s.autoscaling.maxReplicas." $component $component) }}
{{- end }}
{{- $least := ternary $values.autoscaling.minReplicas $values.replicas $values.autoscaling.enabled | int }}
{{- if and $values.podDisruptionBudget.enabled (le $least (int $values.podDisruptionBudget.minAvailable)) }}
{{- fail (printf "%s.podDisruptionBudget.minAvailable (%d) must be below the %s's lowest replica count (%d), or node drains would block; raise the replicas or disable the budget." $component (int $values.podDisruptionBudget.minAvailable) $component $least) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Pod-level security context of the application pods.
*/}}
{{- define "vertx-elastic.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
fsGroup: {{ .Values.podSecurity.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Container-level security context of every container: non-root, read-only root, no capabilities.
*/}}
{{- define "vertx-elastic.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Prometheus scrape annotations of a pod: (dict "context" $ "port" 8080).
*/}}
{{- define "vertx-elastic.scrapeAnnotations" -}}
{{- if .context.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end }}

{{/*
Environment every service shares: JWT_SECRET, JAVA_TOOL_OPTIONS, the namespace, trace export.
Called with (dict "context" $ "values" .Values.gateway).
*/}}
{{- define "vertx-elastic.commonEnv" -}}
- name: JWT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "vertx-elastic.jwtSecretName" .context }}
      key: {{ .context.Values.jwt.secretKey }}
- name: JAVA_TOOL_OPTIONS
  value: {{ .values.javaToolOptions | quote }}
- name: WARMUP_REQUESTS
  value: {{ .values.warmUpRequests | int | quote }}
- name: KUBERNETES_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- with .context.Values.tracing }}
{{- if .otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .otlpEndpoint | quote }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ .sampleRatio | toString | quote }}
{{- if .headers.existingSecret }}
- name: OTEL_EXPORTER_OTLP_HEADERS
  valueFrom:
    secretKeyRef:
      name: {{ .headers.existingSecret }}
      key: {{ .headers.secretKey }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Labels of an application pod: the chart's own over the values' podLabels.
Called with (dict "context" $ "component" "gateway" "values" .Values.gateway).
*/}}
{{- define "vertx-elastic.podLabels" -}}
{{- $own := include "vertx-elastic.labels" . }}
{{- $own }}
{{- range $key, $value := .values.podLabels }}
{{- if not (hasKey ($own | fromYaml) $key) }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The pod-spec fields every application Deployment shares, up to its containers.
Called with (dict "context" $ "component" "gateway" "values" .Values.gateway "apiToken" true).
*/}}
{{- define "vertx-elastic.podSpecHead" -}}
serviceAccountName: {{ include "vertx-elastic.componentName" . }}
automountServiceAccountToken: {{ .apiToken }}
{{- with .context.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
securityContext:
  {{- include "vertx-elastic.podSecurityContext" .context | nindent 2 }}
terminationGracePeriodSeconds: {{ .values.terminationGracePeriodSeconds }}
{{- end }}

{{/*
Where an application Deployment's pods may run: spread, node selector, tolerations, affinity.
A spread constraint without a labelSelector gets the component's selector labels.
Called with (dict "context" $ "component" "gateway" "values" .Values.gateway).
*/}}
{{- define "vertx-elastic.podPlacement" -}}
{{- $selector := dict "matchLabels" (include "vertx-elastic.selectorLabels" . | fromYaml) }}
{{- $spread := list }}
{{- range .values.topologySpreadConstraints }}
{{- $spread = append $spread (ternary . (merge (dict "labelSelector" $selector) .) (hasKey . "labelSelector")) }}
{{- end }}
{{- with $spread }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
The three probes of an application container, each with an explicit timeout.
Called with (dict "port" "http" "values" .Values.edu "startupFailures" 60 "readinessPeriod" 5 "readinessFailures" 2).
*/}}
{{- define "vertx-elastic.probes" -}}
startupProbe:
  httpGet:
    path: /health/live
    port: {{ .port }}
  periodSeconds: 2
  timeoutSeconds: {{ .values.probeTimeoutSeconds }}
  failureThreshold: {{ .startupFailures }}
readinessProbe:
  httpGet:
    path: /health/ready
    port: {{ .port }}
  periodSeconds: {{ .readinessPeriod }}
  timeoutSeconds: {{ .values.probeTimeoutSeconds }}
  failureThreshold: {{ .readinessFailures }}
livenessProbe:
  httpGet:
    path: /health/live
    port: {{ .port }}
  periodSeconds: 10
  timeoutSeconds: {{ .values.probeTimeoutSeconds }}
  failureThreshold: 3
{{- end }}

{{/*
The preStop sleep (the kubelet's own action, Kubernetes 1.30+: no shell or sleep binary in the
image needed) that keeps a stopping pod serving while endpoints propagate; nothing when 0 seconds.
*/}}
{{- define "vertx-elastic.preStopSleep" -}}
{{- if gt (int .preStopSleepSeconds) 0 }}
lifecycle:
  preStop:
    sleep:
      seconds: {{ .preStopSleepSeconds }}
{{- end }}
{{- end }}

{{/*
Volume mounts of an application container: a writable /tmp, then the values' extra mounts.
*/}}
{{- define "vertx-elastic.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- with .extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Volumes of an application pod: /tmp, then the values' extra volumes.
*/}}
{{- define "vertx-elastic.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- with .extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The Service of a component, with its annotations: (dict "context" $ "component" "edu" "values" .Values.edu "routes" (list "courses")).
*/}}
{{- define "vertx-elastic.serviceMetadata" -}}
name: {{ include "vertx-elastic.componentName" . }}
labels:
  {{- include "vertx-elastic.labels" . | nindent 2 }}
  {{- if .routes }}
  service-type: http-endpoint
  {{- range .routes }}
  route.vertx-elastic.dev/{{ . }}: "true"
  {{- end }}
  {{- end }}
{{- with .values.service.annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
