// Kubernetes core types reused by the custom resources below, from kubernetes-models.
export type { IAffinity } from "kubernetes-models/v1/Affinity";
export type { IContainer } from "kubernetes-models/v1/Container";
export type { IEmptyDirVolumeSource } from "kubernetes-models/v1/EmptyDirVolumeSource";
export type { IEnvFromSource } from "kubernetes-models/v1/EnvFromSource";
export type { IEnvVar } from "kubernetes-models/v1/EnvVar";
export type { ILocalObjectReference } from "kubernetes-models/v1/LocalObjectReference";
export type { INodeAffinity } from "kubernetes-models/v1/NodeAffinity";
export type { IPersistentVolumeClaimSpec } from "kubernetes-models/v1/PersistentVolumeClaimSpec";
export type { IPodAffinity } from "kubernetes-models/v1/PodAffinity";
export type { IPodAntiAffinity } from "kubernetes-models/v1/PodAntiAffinity";
export type { IPodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
export type { IProbe } from "kubernetes-models/v1/Probe";
export type { IResourceRequirements } from "kubernetes-models/v1/ResourceRequirements";
export type { ISeccompProfile } from "kubernetes-models/v1/SeccompProfile";
export type { ISecurityContext } from "kubernetes-models/v1/SecurityContext";
export type { IToleration } from "kubernetes-models/v1/Toleration";
export type { ITopologySpreadConstraint } from "kubernetes-models/v1/TopologySpreadConstraint";
export type { IVolume } from "kubernetes-models/v1/Volume";
export type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";

import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
/** metav1.ObjectMeta, as every built-in kind has it. */
export type IObjectMeta = NonNullable<IConfigMap["metadata"]>;
