{{/* The chart's name, or nameOverride. */}}
{{- define "signaling.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name of the release's objects: fullnameOverride, or release name plus chart name. */}}
{{- define "signaling.fullname" -}}
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

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "signaling.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "signaling.labels" -}}
helm.sh/chart: {{ include "signaling.chart" . }}
{{ include "signaling.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the nodes: fixed for the life of a release, since a Deployment's selector never changes. */}}
{{- define "signaling.selectorLabels" -}}
app.kubernetes.io/name: {{ include "signaling.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "signaling.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "signaling.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "signaling.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The headless Service whose DNS name lists every node. */}}
{{- define "signaling.membersService" -}}
{{- printf "%s-members" (include "signaling.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "signaling.membersDns" -}}
{{- printf "%s.%s.svc.%s" (include "signaling.membersService" .) .Release.Namespace .Values.cluster.clusterDomain }}
{{- end }}

{{/* The one place the pod's grace period is derived from the node's drain: drain + grace + leave + 10 s. */}}
{{- define "signaling.terminationGracePeriodSeconds" -}}
{{- add .Values.shutdown.drainDelaySeconds .Values.shutdown.graceSeconds .Values.shutdown.leaveSeconds 10 }}
{{- end }}

{{/*
Peer binding: auto binds peers to their client address only where the nodes see it (PROXY protocol, or trusted
proxies naming the client); behind a Service that rewrites source addresses, binding would end sessions.
*/}}
{{- define "signaling.peerBinding" -}}
{{- if eq .Values.config.peerBinding "auto" -}}
{{- ternary "address" "none" (or .Values.config.proxyProtocol (gt (len .Values.config.trustedProxies) 0)) -}}
{{- else -}}
{{- .Values.config.peerBinding -}}
{{- end -}}
{{- end -}}

{{/* The Secret that holds the event bus's key: the one given, or the one the chart generates. */}}
{{- define "signaling.clusterTlsSecret" -}}
{{- default (printf "%s-cluster-tls" (include "signaling.fullname" .)) .Values.cluster.tls.existingSecret -}}
{{- end -}}

{{/* Where the pods find the event bus's key, and the sign-in tokens' public keys. */}}
{{- define "signaling.clusterTlsDir" -}}/etc/signaling/cluster-tls{{- end -}}
{{- define "signaling.jwksDir" -}}/etc/signaling/jwks{{- end -}}

{{/*
Whether this revision's pods run the event bus over TLS: as cluster.tls.enabled says, except in an upgrade from a
release whose chart predates cluster TLS (its ConfigMap has no SIGNALING_CLUSTER_INSECURE). Those pods speak the
event bus in the clear and cannot take the newer code's way round a refused connection, so this upgrade keeps it
in the clear (and makes the key); the next one turns TLS on, with pods of this release on both sides of the roll.
*/}}
{{- define "signaling.clusterTlsOn" -}}
{{- $on := .Values.cluster.tls.enabled -}}
{{- if and $on .Release.IsUpgrade (gt (int .Release.Revision) 1) -}}
{{- $previous := lookup "v1" "ConfigMap" .Release.Namespace (include "signaling.fullname" .) -}}
{{- if and $previous (not (hasKey ($previous.data | default dict) "SIGNALING_CLUSTER_INSECURE")) -}}
{{- $on = false -}}
{{- end -}}
{{- end -}}
{{- $on -}}
{{- end -}}
