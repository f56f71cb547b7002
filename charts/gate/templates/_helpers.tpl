{{- define "gate.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gate.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "gate.labels" -}}
app.kubernetes.io/name: {{ include "gate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "gate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "gate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "gate.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "gate.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "gate.tlsSecretName" -}}
{{- printf "%s-tls" (include "gate.fullname" .) -}}
{{- end -}}

{{- define "gate.serviceHost" -}}
{{- printf "%s.%s.svc" (include "gate.fullname" .) .Release.Namespace -}}
{{- end -}}

{{/* The namespaces the webhook never sees: the configured ones plus the release namespace, and
     with cert-manager TLS cert-manager's: its cainjector fills the caBundle and it issues the
     serving certificate, so a fail-closed gate that judged its pods could keep them from ever
     starting again, and itself from ever getting a certificate. */}}
{{- define "gate.exemptNamespaces" -}}
{{- $exempt := concat .Values.webhook.exemptNamespaces (list .Release.Namespace) -}}
{{- if eq .Values.tls.mode "certManager" -}}
{{- $exempt = append $exempt .Values.tls.certManager.namespace -}}
{{- end -}}
{{- $exempt | uniq | toJson -}}
{{- end -}}
