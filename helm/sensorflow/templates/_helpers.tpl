{{/* The release's base name: the release name, with the chart's name unless it contains it. */}}
{{- define "sensorflow.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 54 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 54 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Names derived from it stay within the 63 characters Kubernetes allows for most names. */}}
{{- define "sensorflow.operatorName" -}}
{{- printf "%s-operator" (include "sensorflow.fullname" .) | trunc 46 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object of the chart carries. */}}
{{- define "sensorflow.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/part-of: sensorflow
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The controller's selector: stable across upgrades. */}}
{{- define "sensorflow.selectorLabels" -}}
app.kubernetes.io/name: sensorflow-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sensorflow.operatorLabels" -}}
{{ include "sensorflow.labels" . }}
{{ include "sensorflow.selectorLabels" . }}
app.kubernetes.io/component: controller
{{- end -}}

{{- define "sensorflow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sensorflow.operatorName" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Namespaces where pipelines run and the job's service account is needed, as a list. */}}
{{- define "sensorflow.jobNamespaces" -}}
{{- if .Values.job.rbac.namespaces -}}
{{- toJson .Values.job.rbac.namespaces -}}
{{- else if .Values.watchNamespaces -}}
{{- toJson .Values.watchNamespaces -}}
{{- else -}}
{{- toJson (list .Release.Namespace) -}}
{{- end -}}
{{- end -}}

{{/*
What the controller does with the API, and nothing more (RbacTest records its requests and checks
them against these rules): it watches SensorPipelines and writes only their status; it creates and
updates the FlinkDeployment and thresholds ConfigMap it owns; it records Events.
*/}}
{{- define "sensorflow.operatorRules" -}}
- apiGroups: ["sensorflow.io"]
  resources: ["sensorpipelines"]
  verbs: ["list", "watch"]
- apiGroups: ["sensorflow.io"]
  resources: ["sensorpipelines/status"]
  verbs: ["patch"]
# Owner references with blockOwnerDeletion need this where the API server enforces them
# (OwnerReferencesPermissionEnforcement, e.g. OpenShift).
- apiGroups: ["sensorflow.io"]
  resources: ["sensorpipelines/finalizers"]
  verbs: ["update"]
- apiGroups: ["flink.apache.org"]
  resources: ["flinkdeployments"]
  verbs: ["list", "watch", "create", "update"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["list", "watch", "create", "update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
