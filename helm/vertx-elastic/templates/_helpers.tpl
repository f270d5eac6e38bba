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
A component's image reference: (dict "context" $ "image" .Values.gateway.image).
*/}}
{{- define "vertx-elastic.image" -}}
{{- printf "%s:%s" .image.repository (default .context.Chart.AppVersion .image.tag) }}
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
{{- $game := .Values.game }}
{{- if le (int $game.terminationGracePeriodSeconds) (add $game.config.drainDeadlineSeconds $game.config.shutdownTimeoutSeconds | int) }}
{{- fail (printf "game.terminationGracePeriodSeconds (%d) must exceed game.config.drainDeadlineSeconds + game.config.shutdownTimeoutSeconds (%d), or the kubelet kills pods with games still running." (int $game.terminationGracePeriodSeconds) (add $game.config.drainDeadlineSeconds $game.config.shutdownTimeoutSeconds | int)) }}
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
Environment every service shares: JWT_SECRET, JAVA_TOOL_OPTIONS, the namespace.
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
- name: KUBERNETES_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- end }}
