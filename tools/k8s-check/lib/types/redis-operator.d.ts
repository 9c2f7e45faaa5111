// Spotahome redis-operator's `databases.spotahome.com/v1` RedisFailover
// (api/redisfailover/v1/types.go). No published model package exists and the CRD schema would
// silently prune a misspelt field, so this is deliberately strict: a field missing here fails the
// check. Add it after reading the operator's types for the version you run.
import type * as core from "./core.js";

export interface IRedisFailover {
  apiVersion: "databases.spotahome.com/v1";
  kind: "RedisFailover";
  metadata: core.IObjectMeta;
  spec: {
    redis?: IRedisSettings;
    sentinel?: ISentinelSettings;
    auth?: { secretPath?: string };
    labelWhitelist?: string[];
    bootstrapNode?: { host?: string; port?: string; allowSentinels?: boolean };
  };
}

/** What the Redis and the Sentinel pods have in common. */
interface IPodSettings {
  image?: string;
  imagePullPolicy?: "Always" | "Never" | "IfNotPresent";
  replicas?: number;
  resources?: core.IResourceRequirements;
  customConfig?: string[];
  command?: string[];
  startupConfigMap?: string;
  initContainers?: core.IContainer[];
  exporter?: IExporter;
  extraContainers?: core.IContainer[];
  affinity?: core.IAffinity;
  securityContext?: core.IPodSecurityContext;
  containerSecurityContext?: core.ISecurityContext;
  imagePullSecrets?: core.ILocalObjectReference[];
  tolerations?: core.IToleration[];
  topologySpreadConstraints?: core.ITopologySpreadConstraint[];
  nodeSelector?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  serviceAnnotations?: Record<string, string>;
  hostNetwork?: boolean;
  dnsPolicy?: string;
  priorityClassName?: string;
  serviceAccountName?: string;
  extraVolumes?: core.IVolume[];
  extraVolumeMounts?: core.IVolumeMount[];
  customLivenessProbe?: core.IProbe;
  customReadinessProbe?: core.IProbe;
  customStartupProbe?: core.IProbe;
  disablePodDisruptionBudget?: boolean;
}

export interface IRedisSettings extends IPodSettings {
  port?: number;
  customCommandRenames?: { from?: string; to?: string }[];
  shutdownConfigMap?: string;
  storage?: {
    keepAfterDeletion?: boolean;
    emptyDir?: core.IEmptyDirVolumeSource;
    persistentVolumeClaim?: {
      metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: core.IPersistentVolumeClaimSpec;
    };
  };
  terminationGracePeriod?: number;
}

export interface ISentinelSettings extends IPodSettings {
  configCopy?: { containerSecurityContext?: core.ISecurityContext };
}

export interface IExporter {
  enabled?: boolean;
  image?: string;
  imagePullPolicy?: "Always" | "Never" | "IfNotPresent";
  containerSecurityContext?: core.ISecurityContext;
  args?: string[];
  env?: core.IEnvVar[];
  resources?: core.IResourceRequirements;
}
