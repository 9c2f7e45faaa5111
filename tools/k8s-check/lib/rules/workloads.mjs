// Rules about what runs in each pod: resources, security, probes, images, ports and shutdown.
// Each rule returns its problems as strings naming the object and the field at fault.
import {
  containersOf,
  envValue,
  flagValue,
  imageTag,
  isGrpcServer,
  isLongRunning,
  isRenfortImage,
  podTemplateOf,
  quantity,
  renfortBinary,
  selects,
  serverSetting as setting,
  workloads,
} from "../objects.mjs";
import { imageUser } from "../repo.mjs";

const name = (object) => `${object.kind}/${object.metadata.name}`;

// Containers of every workload, with where they are, for rules that look at each one.
function* eachContainer(objects) {
  for (const object of workloads(objects)) {
    const template = podTemplateOf(object);
    for (const container of containersOf(template.spec))
      yield { object, pod: template.spec, container, at: `${name(object)} container ${container.name}` };
  }
}

function resourcesProblems(resources, at) {
  const problems = [];
  for (const kind of ["requests", "limits"]) {
    for (const resource of ["cpu", "memory"]) {
      if (resources?.[kind]?.[resource] === undefined) problems.push(`${at}: no ${kind}.${resource}`);
    }
  }
  const request = quantity(resources?.requests?.memory);
  const limit = quantity(resources?.limits?.memory);
  if (limit < request)
    problems.push(
      `${at}: memory limit ${resources.limits.memory} below its request ${resources.requests.memory}`,
    );
  return problems;
}

export const resourcesAreBounded = {
  title: "every container has CPU and memory requests and limits",
  check({ objects }) {
    const problems = [];
    for (const { container, at } of eachContainer(objects))
      problems.push(...resourcesProblems(container.resources, at));
    for (const object of objects) {
      if (object.kind === "Cluster")
        problems.push(...resourcesProblems(object.spec?.resources, `${name(object)} spec.resources`));
      if (object.kind === "RedisFailover") {
        for (const part of ["redis", "sentinel"])
          problems.push(
            ...resourcesProblems(object.spec?.[part]?.resources, `${name(object)} spec.${part}.resources`),
          );
      }
    }
    return problems;
  },
};

// The container-level settings of the "restricted" Pod Security Standard, and a read-only root.
function securityProblems(pod, container, at) {
  const problems = [];
  const context = container.securityContext ?? {};
  const podContext = pod.securityContext ?? {};
  if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true)
    problems.push(`${at}: runAsNonRoot is not true`);
  if ((context.runAsUser ?? podContext.runAsUser) === 0) problems.push(`${at}: runs as uid 0`);
  if (context.allowPrivilegeEscalation !== false)
    problems.push(`${at}: allowPrivilegeEscalation is not false`);
  if (context.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem is not true`);
  if (context.privileged) problems.push(`${at}: privileged`);
  if (!(context.capabilities?.drop ?? []).includes("ALL"))
    problems.push(`${at}: capabilities.drop lacks ALL`);
  if ((context.capabilities?.add ?? []).length)
    problems.push(`${at}: adds capabilities ${context.capabilities.add.join(", ")}`);
  const seccomp = (context.seccompProfile ?? podContext.seccompProfile)?.type;
  if (!["RuntimeDefault", "Localhost"].includes(seccomp))
    problems.push(`${at}: no RuntimeDefault seccomp profile`);
  return problems;
}

export const containersRunRestricted = {
  title: "every container runs non-root, without privilege escalation, on a read-only root",
  check({ objects }) {
    const problems = [];
    for (const { pod, container, at } of eachContainer(objects))
      problems.push(...securityProblems(pod, container, at));
    for (const object of workloads(objects)) {
      const spec = podTemplateOf(object).spec;
      for (const field of ["hostNetwork", "hostPID", "hostIPC"])
        if (spec[field]) problems.push(`${name(object)}: ${field}`);
      for (const volume of spec.volumes ?? [])
        if (volume.hostPath) problems.push(`${name(object)}: hostPath volume ${volume.name}`);
    }
    for (const object of objects.filter((o) => o.kind === "RedisFailover")) {
      for (const part of ["redis", "sentinel"]) {
        const settings = object.spec?.[part] ?? {};
        const pod = { securityContext: settings.securityContext };
        problems.push(
          ...securityProblems(
            pod,
            { securityContext: settings.containerSecurityContext },
            `${name(object)} spec.${part}`,
          ),
        );
      }
    }
    return problems;
  },
};

export const longRunningContainersHaveProbes = {
  title: "every long-running container has readiness and liveness probes",
  check({ objects }) {
    const problems = [];
    for (const object of workloads(objects).filter(isLongRunning)) {
      for (const container of podTemplateOf(object).spec.containers ?? []) {
        for (const probe of ["readinessProbe", "livenessProbe"]) {
          if (!container[probe]) problems.push(`${name(object)} container ${container.name}: no ${probe}`);
        }
      }
    }
    return problems;
  },
};

function namedPort(container, portName) {
  return (container.ports ?? []).find((p) => p.name === portName)?.containerPort;
}

// The port a probe handler targets, resolving named ports; null for exec probes.
function probePort(container, probe) {
  const handler = probe?.grpc ?? probe?.tcpSocket ?? probe?.httpGet;
  if (!handler) return null;
  return typeof handler.port === "number" ? handler.port : namedPort(container, handler.port);
}

export const serversProbeTheirHealthService = {
  title:
    "gRPC servers: readiness is the native gRPC probe of grpc.health.v1 on the gRPC port, liveness and start-up watch that port",
  check({ objects }) {
    const problems = [];
    for (const object of objects.filter(isGrpcServer)) {
      for (const container of podTemplateOf(object).spec.containers.filter((c) => renfortBinary(c))) {
        const at = `${name(object)} container ${container.name}`;
        const grpcPort = namedPort(container, "grpc");
        const readiness = container.readinessProbe?.grpc;
        if (!readiness) problems.push(`${at}: readinessProbe is not a native gRPC probe`);
        else if (readiness.port !== grpcPort)
          problems.push(`${at}: readinessProbe.grpc.port ${readiness.port} is not the grpc port ${grpcPort}`);
        else if (readiness.service)
          problems.push(
            `${at}: readinessProbe asks for service "${readiness.service}"; the overall status ("") is the one kept in step with the database`,
          );
        for (const probe of ["livenessProbe", "startupProbe"]) {
          if (!container[probe]) problems.push(`${at}: no ${probe}`);
          else if (probePort(container, container[probe]) !== grpcPort)
            problems.push(`${at}: ${probe} does not target the grpc port ${grpcPort}`);
        }
      }
    }
    return problems;
  },
};

export const imagesArePinned = {
  title: "every image names a tag other than latest (or a digest)",
  check({ objects }) {
    const images = [];
    for (const { container, at } of eachContainer(objects)) images.push([container.image, at]);
    for (const object of objects) {
      if (object.kind === "Cluster") images.push([object.spec?.imageName, `${name(object)} spec.imageName`]);
      if (object.kind === "RedisFailover")
        for (const part of ["redis", "sentinel"])
          images.push([object.spec?.[part]?.image, `${name(object)} spec.${part}.image`]);
    }
    return images
      .filter(
        ([image]) =>
          !image || !(image.includes("@sha256:") || (imageTag(image) && imageTag(image) !== "latest")),
      )
      .map(([image, at]) => `${at}: image ${image ?? "(none)"} is not pinned to a tag or digest`);
  },
};

export const containersRunBinariesOfTheImage = {
  title: "renfort containers run a binary the Dockerfile builds into the image",
  check({ objects, repo }) {
    const problems = [];
    for (const { container, at } of eachContainer(objects)) {
      if (!isRenfortImage(container.image)) continue;
      const binary = renfortBinary(container);
      if (!container.command?.[0]?.startsWith("/usr/local/bin/"))
        problems.push(
          `${at}: command should start with /usr/local/bin/<binary>, got ${JSON.stringify(container.command)}`,
        );
      else if (!repo.dockerfile.binaries.includes(binary))
        problems.push(
          `${at}: runs ${binary}, which the Dockerfile's RENFORT_BINARIES does not build (${repo.dockerfile.binaries.join(" ")})`,
        );
    }
    return problems;
  },
};

export const portsMatchTheFlags = {
  title: "gRPC and metrics ports match what the binaries listen on (flags, RENFORT_* variables, defaults)",
  check({ objects, repo }) {
    const problems = [];
    for (const object of objects.filter(isGrpcServer)) {
      for (const container of podTemplateOf(object).spec.containers.filter((c) => renfortBinary(c))) {
        const at = `${name(object)} container ${container.name}`;
        const binary = renfortBinary(container);
        const defaultPort = repo.serverPorts.get(binary);
        if (defaultPort === undefined) {
          problems.push(
            `${at}: ${binary} is not a server binary (no ServiceSpec with that binary_name under services/)`,
          );
          continue;
        }
        const grpc = Number(
          flagValue(container, "port") ?? envValue(container, "RENFORT_PORT", objects) ?? defaultPort,
        );
        if (namedPort(container, "grpc") !== grpc)
          problems.push(
            `${at}: listens on ${grpc} (RENFORT_PORT or ${binary}'s default ${defaultPort}) but containerPort "grpc" is ${namedPort(container, "grpc")}`,
          );
        const metrics = Number(setting(container, "RENFORT_METRICS_PORT", objects, repo));
        if (!(metrics > 0))
          problems.push(
            `${at}: the metrics endpoint is off (RENFORT_METRICS_PORT ${metrics}); set it to the "metrics" container port`,
          );
        else if (namedPort(container, "metrics") !== metrics)
          problems.push(
            `${at}: serves metrics on ${metrics} but containerPort "metrics" is ${namedPort(container, "metrics")}`,
          );
        const annotated = podTemplateOf(object).metadata?.annotations?.["prometheus.io/port"];
        if (annotated !== undefined && Number(annotated) !== metrics)
          problems.push(`${at}: prometheus.io/port ${annotated} is not the metrics port ${metrics}`);
        const host = flagValue(container, "host") ?? envValue(container, "RENFORT_HOST", objects);
        if (!["0.0.0.0", "::", "[::]"].includes(host))
          problems.push(
            `${at}: RENFORT_HOST is ${host ?? "unset (127.0.0.1)"}; probes and clients reach the pod's address, so it must be 0.0.0.0`,
          );
      }
    }
    return problems;
  },
};

export const signingKeysAreMounted = {
  title:
    "every RENFORT_JWT_KEYS file comes from the mounted Secret renfort-jwt-keys (no subPath, so rotations land)",
  check({ objects }) {
    const problems = [];
    for (const object of objects.filter(isGrpcServer)) {
      const spec = podTemplateOf(object).spec;
      for (const container of spec.containers.filter((c) => renfortBinary(c))) {
        const at = `${name(object)} container ${container.name}`;
        const files = (envValue(container, "RENFORT_JWT_KEYS", objects) ?? "")
          .split(",")
          .map((f) => f.trim())
          .filter(Boolean);
        if (files.length === 0) problems.push(`${at}: RENFORT_JWT_KEYS is not set to literal file paths`);
        for (const file of files) {
          const mount = (container.volumeMounts ?? []).find((m) =>
            file.startsWith(`${m.mountPath.replace(/\/$/, "")}/`),
          );
          const volume = spec.volumes?.find((v) => v.name === mount?.name);
          const secret = volume?.secret?.secretName ?? "";
          if (!mount) problems.push(`${at}: ${file} is not under any volume mount`);
          else if (!/^renfort-jwt-keys(-[a-z0-9]+)?$/.test(secret))
            problems.push(
              `${at}: ${file} comes from volume ${mount.name}, not from the Secret renfort-jwt-keys`,
            );
          else if (mount.subPath)
            problems.push(`${at}: ${mount.mountPath} is a subPath mount, which never sees a rotated key`);
        }
      }
    }
    return problems;
  },
};

export const shutdownFitsTheGracePeriod = {
  title: "terminationGracePeriodSeconds covers the preStop pause plus RENFORT_SHUTDOWN_GRACE_SECONDS",
  check({ objects, repo }) {
    const problems = [];
    for (const object of objects.filter(isGrpcServer)) {
      const spec = podTemplateOf(object).spec;
      for (const container of spec.containers.filter((c) => renfortBinary(c))) {
        const sleep = container.lifecycle?.preStop?.exec?.command;
        const pause =
          sleep && /(^|\/)sleep$/.test(sleep[0])
            ? Number(sleep[1])
            : (container.lifecycle?.preStop?.sleep?.seconds ?? 0);
        if (!pause)
          problems.push(
            `${name(object)}: no preStop pause; clients may still be sent here while endpoints update`,
          );
        const grace = Number(setting(container, "RENFORT_SHUTDOWN_GRACE_SECONDS", objects, repo));
        const period = spec.terminationGracePeriodSeconds ?? 30;
        if (period < pause + grace + 5)
          problems.push(
            `${name(object)}: terminationGracePeriodSeconds ${period} < preStop ${pause} s + drain ${grace} s + 5 s`,
          );
      }
    }
    return problems;
  },
};

export const rolloutsKeepServing = {
  title: "gRPC server rollouts never take a serving pod away before its replacement is ready",
  check({ objects }) {
    return objects
      .filter(isGrpcServer)
      .filter(
        (d) =>
          (d.spec.strategy?.type ?? "RollingUpdate") !== "RollingUpdate" ||
          ![0, "0", "0%"].includes(d.spec.strategy?.rollingUpdate?.maxUnavailable),
      )
      .map((d) => `${name(d)}: strategy must be RollingUpdate with maxUnavailable 0`);
  },
};

export const podsRunAsTheImageUser = {
  title: "renfort pods run as the uid and gid the Dockerfile creates",
  check({ objects, repo }) {
    const user = imageUser(repo.dockerfile);
    if (!user) return [`Dockerfile: the runtime stage needs a numeric \`USER uid:gid\``];
    const problems = [];
    for (const object of workloads(objects)) {
      const spec = podTemplateOf(object).spec;
      if (!spec.containers.some((c) => isRenfortImage(c.image))) continue;
      const context = spec.securityContext ?? {};
      if (context.runAsUser !== user.uid || (user.gid !== null && context.runAsGroup !== user.gid)) {
        problems.push(
          `${name(object)}: runs as ${context.runAsUser}:${context.runAsGroup}, the image's user is ${user.uid}:${user.gid}`,
        );
      }
    }
    return problems;
  },
};

export const mountedSecretsAreReadable = {
  title: "Secret and ConfigMap files mounted without world-read permission are readable through fsGroup",
  check({ objects }) {
    const problems = [];
    for (const object of workloads(objects)) {
      const spec = podTemplateOf(object).spec;
      for (const volume of spec.volumes ?? []) {
        const source = volume.secret ?? volume.configMap;
        const mode = source?.defaultMode ?? 0o644;
        if (source && (mode & 0o004) === 0 && spec.securityContext?.fsGroup === undefined) {
          problems.push(
            `${name(object)}: volume ${volume.name} has mode ${mode.toString(8)} but the pod sets no fsGroup, so its non-root user cannot read it`,
          );
        }
      }
    }
    return problems;
  },
};

export const serversSpreadOverZonesAndNodes = {
  title: "gRPC server pods spread over zones and nodes, counting their own pods",
  check({ objects }) {
    const problems = [];
    for (const object of objects.filter(isGrpcServer)) {
      const template = podTemplateOf(object);
      const constraints = template.spec.topologySpreadConstraints ?? [];
      for (const key of ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]) {
        const constraint = constraints.find((c) => c.topologyKey === key);
        if (!constraint) problems.push(`${name(object)}: no topologySpreadConstraint over ${key}`);
        else if (!selects(constraint.labelSelector, template.metadata?.labels ?? {}))
          problems.push(`${name(object)}: the spread over ${key} does not count the Deployment's own pods`);
      }
    }
    return problems;
  },
};

export const metricsAreAnnotatedForScraping = {
  title: "gRPC server pods carry the prometheus.io annotations of their metrics port",
  overlays: ["dev"],
  check({ objects, repo }) {
    const problems = [];
    for (const object of objects.filter(isGrpcServer)) {
      const annotations = podTemplateOf(object).metadata?.annotations ?? {};
      const container = podTemplateOf(object).spec.containers.find((c) => renfortBinary(c));
      const port = container && setting(container, "RENFORT_METRICS_PORT", objects, repo);
      if (annotations["prometheus.io/scrape"] !== "true")
        problems.push(`${name(object)}: prometheus.io/scrape is not "true"`);
      if (Number(annotations["prometheus.io/port"]) !== Number(port))
        problems.push(`${name(object)}: prometheus.io/port is not the metrics port ${port}`);
      if (annotations["prometheus.io/path"] !== "/metrics")
        problems.push(`${name(object)}: prometheus.io/path is not /metrics`);
    }
    return problems;
  },
};
