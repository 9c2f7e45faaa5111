// Small readers over rendered Kubernetes objects: pods of workloads, label selectors, the
// environment a container ends up with, quantities.

export const kRenfortImage = "ghcr.io/renfort/renfort";
export const kBinaryDirectory = "/usr/local/bin/";

// A workload's pod template ({metadata, spec}), or null for objects that run no pods.
export function podTemplateOf(object) {
  switch (object.kind) {
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      return object.spec?.template ?? null;
    case "CronJob":
      return object.spec?.jobTemplate?.spec?.template ?? null;
    default:
      return null;
  }
}

export function isLongRunning(object) {
  return ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].includes(object.kind);
}

export function workloads(objects) {
  return objects.filter((o) => podTemplateOf(o));
}

export function containersOf(podSpec) {
  return [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])];
}

// Pods the operators create from the custom resources, as label sets, so that network rules
// can be checked against them too.
export function operatorPods(objects) {
  const pods = [];
  for (const object of objects) {
    const name = object.metadata?.name;
    if (object.kind === "Cluster" && object.apiVersion === "postgresql.cnpg.io/v1") {
      pods.push({
        owner: `Cluster/${name}`,
        labels: {
          ...object.spec?.inheritedMetadata?.labels,
          "cnpg.io/cluster": name,
          "cnpg.io/podRole": "instance",
        },
        ports: { postgresql: 5432, metrics: 9187, status: 8000 },
      });
    } else if (object.kind === "RedisFailover") {
      for (const component of ["redis", "sentinel"]) {
        pods.push({
          owner: `RedisFailover/${name} (${component})`,
          labels: {
            ...object.metadata?.labels,
            "app.kubernetes.io/name": name,
            "app.kubernetes.io/component": component,
            "app.kubernetes.io/part-of": "redis-failover",
          },
          ports: component === "redis" ? { redis: 6379 } : { sentinel: 26379 },
        });
      }
    }
  }
  return pods;
}

// Every pod the render leads to, as {owner, labels, ports: {name: number}, object?}.
export function allPods(objects) {
  const pods = workloads(objects).map((object) => {
    const template = podTemplateOf(object);
    const ports = {};
    for (const container of containersOf(template.spec)) {
      for (const port of container.ports ?? []) if (port.name) ports[port.name] = port.containerPort;
    }
    return {
      owner: `${object.kind}/${object.metadata.name}`,
      labels: template.metadata?.labels ?? {},
      ports,
      object,
    };
  });
  return [...pods, ...operatorPods(objects)];
}

// Whether a LabelSelector ({matchLabels, matchExpressions}) selects `labels`. An empty selector
// selects everything, as in NetworkPolicies and PDBs.
export function selects(selector, labels) {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    if (operator === "In" && !(has && values.includes(labels[key]))) return false;
    if (operator === "NotIn" && has && values.includes(labels[key])) return false;
    if (operator === "Exists" && !has) return false;
    if (operator === "DoesNotExist" && has) return false;
  }
  return true;
}

// A Service's plain `selector` map.
export function serviceSelects(service, labels) {
  const selector = service.spec?.selector;
  return !!selector && Object.keys(selector).length > 0 && selects({ matchLabels: selector }, labels);
}

// The value a container sees for variable `name`: its `env` first (literal values only), then
// its envFrom ConfigMaps, as Kubernetes resolves them. Undefined when unset or not literal.
export function envValue(container, name, objects) {
  const direct = (container.env ?? []).find((e) => e.name === name);
  if (direct) return direct.value;
  let value;
  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? "";
    if (!source.configMapRef || !name.startsWith(prefix)) continue;
    const configMap = objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata.name === source.configMapRef.name,
    );
    const found = configMap?.data?.[name.slice(prefix.length)];
    if (found !== undefined) value = found; // a later source wins
  }
  return value;
}

// The value of `--flag=value` in a container's command or args, or undefined.
export function flagValue(container, flag) {
  for (const arg of [...(container.command ?? []), ...(container.args ?? [])]) {
    if (arg.startsWith(`--${flag}=`)) return arg.slice(flag.length + 3);
  }
  return undefined;
}

// The renfort binary a container runs (from /usr/local/bin/<name>), or null.
export function renfortBinary(container) {
  if (!isRenfortImage(container.image)) return null;
  const program = container.command?.[0] ?? "";
  return program.startsWith(kBinaryDirectory) ? program.slice(kBinaryDirectory.length) : program || null;
}

export function isRenfortImage(image) {
  return (
    typeof image === "string" &&
    (image === kRenfortImage ||
      image.startsWith(`${kRenfortImage}:`) ||
      image.startsWith(`${kRenfortImage}@`))
  );
}

// "ghcr.io/x/y:tag" → "tag"; null without a tag.
export function imageTag(image) {
  const withoutDigest = image.split("@")[0];
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  return colon > slash ? withoutDigest.slice(colon + 1) : null;
}

const kSuffixes = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  m: 1e-3,
};

// A resource quantity ("250m", "1Gi", 2) as a number, or NaN.
export function quantity(value) {
  if (typeof value === "number") return value;
  const match = String(value).match(/^([0-9.]+)([A-Za-z]*)$/);
  if (!match) return NaN;
  const factor = match[2] === "" ? 1 : kSuffixes[match[2]];
  return factor === undefined ? NaN : Number(match[1]) * factor;
}

export function hpaFor(objects, deployment) {
  return objects.find(
    (o) =>
      o.kind === "HorizontalPodAutoscaler" &&
      o.spec?.scaleTargetRef?.kind === deployment.kind &&
      o.spec.scaleTargetRef.name === deployment.metadata.name,
  );
}

export function isGrpcServer(object) {
  return (
    object.kind === "Deployment" &&
    object.spec?.template?.metadata?.labels?.["app.kubernetes.io/component"] === "grpc-server"
  );
}

// The value a server binary uses for an integer setting: its flag, else its RENFORT_* variable,
// else the default written in services/common/config.cc.
export function serverSetting(container, env, objects, repo) {
  const known = repo.serverSettings[env];
  if (!known) throw new Error(`services/common/config.cc has no integer setting ${env}`);
  return flagValue(container, known.flag) ?? envValue(container, env, objects) ?? known.default;
}
