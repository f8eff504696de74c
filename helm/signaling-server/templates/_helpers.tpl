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

{{/*
Labels of the helm test pod: its own name, so that neither the Services nor the PodDisruptionBudget, which select
the nodes, count it.
*/}}
{{- define "signaling.testSelectorLabels" -}}
app.kubernetes.io/name: {{ include "signaling.name" . }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "signaling.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "signaling.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The node's image: by digest when one is given (what was tested is what runs), else by tag. */}}
{{- define "signaling.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
How long a /wait may stay parked before the node answers it empty: as given, or with "auto" 90 % of the Ingress's
timeout when there is an Ingress (so the node answers before the proxy does), else never (0).
*/}}
{{- define "signaling.waitTimeoutSeconds" -}}
{{- if ne (toString .Values.longPoll.waitTimeoutSeconds) "auto" -}}
{{- int .Values.longPoll.waitTimeoutSeconds -}}
{{- else if .Values.ingress.enabled -}}
{{- div (mul (int .Values.ingress.timeoutSeconds) 9) 10 -}}
{{- else -}}
0
{{- end -}}
{{- end -}}

{{/* Open connections per pod the autoscaler aims at: targetConnectionsPercentage of config.maxConnections. */}}
{{- define "signaling.targetConnections" -}}
{{- div (mul (int .Values.config.maxConnections) (int .Values.autoscaling.targetConnectionsPercentage)) 100 -}}
{{- end -}}

{{/* A byte size as the node reads it (65536, 64k, 64KiB, 1m), in bytes. */}}
{{- define "signaling.bytes" -}}
{{- $text := . | toString | lower -}}
{{- $count := regexFind "^[0-9]+" $text | int64 -}}
{{- if or (hasSuffix "k" $text) (hasSuffix "kib" $text) -}}
{{- mul $count 1024 -}}
{{- else if or (hasSuffix "m" $text) (hasSuffix "mib" $text) -}}
{{- mul $count 1048576 -}}
{{- else -}}
{{- $count -}}
{{- end -}}
{{- end -}}

{{/*
Mistakes that pass the schema, one field at a time, but would crash the node or misroute traffic: refused at
render time with what to change, rather than found later in a crash loop. Renders nothing.
*/}}
{{- define "signaling.validate" -}}
{{- $ports := dict -}}
{{- range $name, $port := .Values.ports -}}
{{- $key := toString $port -}}
{{- if hasKey $ports $key -}}
{{- fail (printf "ports.%s and ports.%s are both %s: each port of a node must differ" (get $ports $key) $name $key) -}}
{{- end -}}
{{- $_ := set $ports $key $name -}}
{{- end -}}
{{- $body := include "signaling.bytes" .Values.config.maxBodyBytes | int64 -}}
{{- $queued := include "signaling.bytes" .Values.config.maxQueuedBytes | int64 -}}
{{- if gt $body $queued -}}
{{- fail (printf "config.maxQueuedBytes (%v) is smaller than config.maxBodyBytes (%v): a message of the largest size could never be queued" .Values.config.maxQueuedBytes .Values.config.maxBodyBytes) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail (printf "autoscaling.minReplicas (%v) is above autoscaling.maxReplicas (%v)" .Values.autoscaling.minReplicas .Values.autoscaling.maxReplicas) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.scaleDownPeriodSeconds) (int (include "signaling.terminationGracePeriodSeconds" .))) -}}
{{- fail (printf "autoscaling.scaleDownPeriodSeconds (%v) is shorter than a pod's drain and leave (%s s): the next node could leave before the last one handed its partitions over" .Values.autoscaling.scaleDownPeriodSeconds (include "signaling.terminationGracePeriodSeconds" .)) -}}
{{- end -}}
{{- $size := ternary .Values.autoscaling.minReplicas .Values.replicaCount .Values.autoscaling.enabled | int -}}
{{- if and (ne (toString .Values.config.clusterQuorum) "auto") (gt (int .Values.config.clusterQuorum) $size) -}}
{{- fail (printf "config.clusterQuorum (%v) is above the %d pods the cluster starts with: no node would ever be ready" .Values.config.clusterQuorum $size) -}}
{{- end -}}
{{- if and .Values.podDisruptionBudget.enabled (gt (int .Values.podDisruptionBudget.maxUnavailable) (int .Values.config.backups)) -}}
{{- fail (printf "podDisruptionBudget.maxUnavailable (%v) is above config.backups (%v): a drain could stop every copy of some entries at once and lose them" .Values.podDisruptionBudget.maxUnavailable .Values.config.backups) -}}
{{- end -}}
{{- $notReady := mul .Values.probes.readiness.periodSeconds .Values.probes.readiness.failureThreshold -}}
{{- if le (int .Values.shutdown.drainDelaySeconds) (int $notReady) -}}
{{- fail (printf "shutdown.drainDelaySeconds (%v) must exceed probes.readiness.periodSeconds x failureThreshold (%v s): a draining node would stop accepting while load balancers still send to it" .Values.shutdown.drainDelaySeconds $notReady) -}}
{{- end -}}
{{- range .Values.extraEnv -}}
{{- if eq .name "SIGNALING_CLUSTER_HOST" -}}
{{- fail "extraEnv may not set SIGNALING_CLUSTER_HOST: a node advertises its own pod IP to the others" -}}
{{- end -}}
{{- end -}}
{{- $waitTimeout := include "signaling.waitTimeoutSeconds" . | int -}}
{{- if and .Values.ingress.enabled (or (eq $waitTimeout 0) (ge $waitTimeout (int .Values.ingress.timeoutSeconds))) -}}
{{- fail (printf "longPoll.waitTimeoutSeconds (%d) must be above 0 and below ingress.timeoutSeconds (%v): the proxy would answer a quiet /wait itself, with an error the native client disconnects on" $waitTimeout .Values.ingress.timeoutSeconds) -}}
{{- end -}}
{{- if and .Values.ingress.enabled (eq .Values.ingress.className "alb") (gt (int .Values.ingress.timeoutSeconds) 4000) -}}
{{- fail (printf "ingress.timeoutSeconds (%v) is above 4000, the longest idle timeout an AWS ALB allows" .Values.ingress.timeoutSeconds) -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.hosts) -}}
{{- fail "ingress.enabled needs at least one host in ingress.hosts" -}}
{{- end -}}
{{- end -}}

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

{{/*
What a peer record's backup is kept apart from its owner by: host, zone or none (placement.backupsApart). Members
with partition groups and members without refuse each other, so a rolling update that turns them on or off would
split the cluster (host and zone are the same kind of group to Hazelcast, and roll). "auto" is host on a fresh
install and, on an upgrade, whatever the running pods have (none for pods of a release before the setting); an
explicit value that turns groups on or off while pods run fails the render with how to restart instead. Without a
cluster to look in (helm template, Argo CD), lookup finds nothing and auto is host: give the setting there.
*/}}
{{- define "signaling.backupsApart" -}}
{{- $wanted := .Values.placement.backupsApart -}}
{{- $running := "" -}}
{{- if .Release.IsUpgrade -}}
{{- $previous := lookup "apps/v1" "Deployment" .Release.Namespace (include "signaling.fullname" .) -}}
{{- if and $previous (gt (int ((($previous.spec | default dict).replicas) | default 0)) 0) -}}
{{- $running = "none" -}}
{{- range (($previous.spec.template.spec | default dict).containers | default list) -}}
{{- range (.env | default list) -}}
{{- if eq .name "SIGNALING_FAILURE_DOMAIN" -}}
{{- $field := ((((.valueFrom | default dict).fieldRef) | default dict).fieldPath) | default "" -}}
{{- $running = ternary "zone" "host" (contains "zone" $field) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if eq $wanted "auto" -}}
{{- $wanted = $running | default "host" -}}
{{- else if and $running (ne (eq $running "none") (eq $wanted "none")) -}}
{{- fail (printf "placement.backupsApart: the running pods keep backups apart by %s; members with partition groups and members without refuse each other, so a rolling update to %s would split the cluster. Keep it (or auto), or restart: kubectl scale deployment %s --replicas=0, then upgrade" $running $wanted (include "signaling.fullname" .)) -}}
{{- end -}}
{{- $wanted -}}
{{- end -}}

{{/* A topology spread constraint over one topology key, when its mode is soft or hard. */}}
{{- define "signaling.spread" -}}
{{- if ne .mode "none" }}
- maxSkew: 1
  topologyKey: {{ .key }}
  whenUnsatisfiable: {{ ternary "DoNotSchedule" "ScheduleAnyway" (eq .mode "hard") }}
  labelSelector:
    matchLabels:
      {{- include "signaling.selectorLabels" .root | nindent 6 }}
{{- end }}
{{- end -}}
