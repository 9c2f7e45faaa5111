// A subset of CloudNativePG's `postgresql.cnpg.io/v1` Cluster (api/v1/cluster_types.go, 1.25
// and later): the fields renfort sets and their close neighbours. There is no published model
// package for it, and the CRD's own schema would silently prune a misspelt field, so this file is
// deliberately strict: a field missing here fails the check. Add it after reading the
// operator's API reference for the version you run.
import type * as core from "./core.js";

export interface ICluster {
  apiVersion: "postgresql.cnpg.io/v1";
  kind: "Cluster";
  metadata: core.IObjectMeta;
  spec: IClusterSpec;
}

export interface IClusterSpec {
  description?: string;
  inheritedMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  imageName?: string;
  imagePullPolicy?: "Always" | "Never" | "IfNotPresent";
  postgresUID?: number;
  postgresGID?: number;
  instances: number;
  minSyncReplicas?: number;
  maxSyncReplicas?: number;
  postgresql?: IPostgresConfiguration;
  bootstrap?: { initdb?: IBootstrapInitDB };
  superuserSecret?: { name: string };
  enableSuperuserAccess?: boolean;
  imagePullSecrets?: { name: string }[];
  storage?: IStorageConfiguration;
  walStorage?: IStorageConfiguration;
  startDelay?: number;
  stopDelay?: number;
  smartShutdownTimeout?: number;
  switchoverDelay?: number;
  failoverDelay?: number;
  livenessProbeTimeout?: number;
  affinity?: IAffinityConfiguration;
  topologySpreadConstraints?: core.ITopologySpreadConstraint[];
  resources?: core.IResourceRequirements;
  priorityClassName?: string;
  primaryUpdateStrategy?: "unsupervised" | "supervised";
  primaryUpdateMethod?: "switchover" | "restart";
  logLevel?: "error" | "warning" | "info" | "debug" | "trace";
  env?: core.IEnvVar[];
  envFrom?: core.IEnvFromSource[];
  seccompProfile?: core.ISeccompProfile;
  podSecurityContext?: core.IPodSecurityContext;
  securityContext?: core.ISecurityContext;
  enablePDB?: boolean;
  monitoring?: {
    disableDefaultQueries?: boolean;
    enablePodMonitor?: boolean;
    customQueriesConfigMap?: { name: string; key: string }[];
    customQueriesSecret?: { name: string; key: string }[];
  };
}

export interface IPostgresConfiguration {
  /** postgresql.conf settings; values are strings, as in the CRD. */
  parameters?: Record<string, string>;
  synchronous?: {
    method: "any" | "first";
    number: number;
    maxStandbyNamesFromCluster?: number;
    standbyNamesPre?: string[];
    standbyNamesPost?: string[];
    dataDurability?: "required" | "preferred";
    failoverQuorum?: boolean;
  };
  pg_hba?: string[];
  pg_ident?: string[];
  shared_preload_libraries?: string[];
  promotionTimeout?: number;
  enableAlterSystem?: boolean;
}

export interface IBootstrapInitDB {
  database?: string;
  owner?: string;
  secret?: { name: string };
  dataChecksums?: boolean;
  encoding?: string;
  localeCollate?: string;
  localeCType?: string;
  locale?: string;
  localeProvider?: string;
  icuLocale?: string;
  icuRules?: string;
  builtinLocale?: string;
  walSegmentSize?: number;
  postInitSQL?: string[];
  postInitApplicationSQL?: string[];
  postInitTemplateSQL?: string[];
}

export interface IStorageConfiguration {
  storageClass?: string;
  size?: string;
  resizeInUseVolumes?: boolean;
  pvcTemplate?: core.IPersistentVolumeClaimSpec;
}

export interface IAffinityConfiguration {
  enablePodAntiAffinity?: boolean;
  topologyKey?: string;
  nodeSelector?: Record<string, string>;
  nodeAffinity?: core.INodeAffinity;
  tolerations?: core.IToleration[];
  podAntiAffinityType?: "preferred" | "required";
  additionalPodAntiAffinity?: core.IPodAntiAffinity;
  additionalPodAffinity?: core.IPodAffinity;
}
