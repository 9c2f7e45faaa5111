// Rules about what the server processes run besides their gRPC services, and about what the
// containers tell the binaries: the outbox relay, the notifier and the matching indexer run
// inside the servers (services/*/..._spec.cc), so the manifests must start each where it belongs
// with the consumer group it needs; and every flag and RENFORT_* variable given must be one the
// binary really reads, or it would be ignored without a word.
import {
  containersOf,
  envValue,
  flagValue,
  isGrpcServer,
  podTemplateOf,
  renfortBinary,
  workloads,
} from "../objects.mjs";

const name = (object) => `${object.kind}/${object.metadata.name}`;

// The binaries whose process holds a matching index fed by its own indexer, and those that host
// the notifier (services/matching/matching_spec.cc, services/volunteers/volunteers_spec.cc; the
// all-in-one `renfort` composes both).
export const kIndexerHosts = ["renfort-matching", "renfort"];
export const kNotifierHosts = ["renfort-volunteers", "renfort"];
const kDefaultNotifierGroup = "notifier"; // kNotifierGroup, services/notifier/notifier.h

// The renfort containers of the gRPC server Deployments, with their binary.
function* serverContainers(objects) {
  for (const object of objects.filter(isGrpcServer)) {
    const spec = podTemplateOf(object).spec;
    for (const container of spec.containers) {
      const binary = renfortBinary(container);
      if (binary) yield { object, spec, container, binary, at: `${name(object)} container ${container.name}` };
    }
  }
}

// A boolean server setting as the binary resolves it: flag, else variable, else the default of
// services/common/config.cc. Undefined for a value the binary would refuse.
function boolSetting(container, env, objects, repo) {
  const known = repo.serverBoolSettings[env];
  if (!known) throw new Error(`services/common/config.cc has no boolean setting ${env}`);
  const text = flagValue(container, known.flag) ?? envValue(container, env, objects);
  if (text === undefined || text === "") return known.default;
  const lower = String(text).toLowerCase();
  if (["true", "1"].includes(lower)) return true;
  if (["false", "0"].includes(lower)) return false;
  return undefined;
}

// The variables a `$(NAME)` reference in a command can use: those of the container's `env` that
// come from the pod's own name or uid (the downward API), which differ from pod to pod.
function perPodVariables(container) {
  return new Set(
    (container.env ?? [])
      .filter((e) => ["metadata.name", "metadata.uid"].includes(e.valueFrom?.fieldRef?.fieldPath))
      .map((e) => e.name),
  );
}

export const indexersHaveAGroupPerPod = {
  title:
    "each matching pod reads the event stream in a consumer group of its own, named with the indexer prefix",
  check({ objects, repo }) {
    const problems = [];
    for (const { spec, container, binary, at } of serverContainers(objects)) {
      if (!kIndexerHosts.includes(binary)) continue;
      const group = flagValue(container, "matching_indexer_group");
      if (group === undefined) {
        // The default is the prefix and the host name, which is the pod's name unless set.
        if (spec.hostname)
          problems.push(
            `${at}: without --matching_indexer_group the group follows the host name, which spec.hostname ${spec.hostname} makes the same for every pod`,
          );
        continue;
      }
      const references = [...group.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]);
      const perPod = perPodVariables(container);
      const defined = new Set((container.env ?? []).map((e) => e.name));
      for (const variable of references.filter((v) => !defined.has(v)))
        problems.push(
          `${at}: --matching_indexer_group uses $(${variable}), which the container's env does not define, so Kubernetes leaves it as written`,
        );
      if (!references.some((v) => perPod.has(v)))
        problems.push(
          `${at}: --matching_indexer_group=${group} is the same for every pod (a rollout runs two at once), so the indexes would share events; name it after the pod (env from fieldRef metadata.name)`,
        );
      if (!group.startsWith(repo.indexerGroupPrefix))
        problems.push(
          `${at}: --matching_indexer_group=${group} lacks the prefix ${repo.indexerGroupPrefix}, so the groups of deleted pods would never be cleaned up`,
        );
    }
    return problems;
  },
};

export const notifierRunsWithOneSharedGroup = {
  title: "the notifier runs in the volunteer service's pods, all in one consumer group",
  check({ objects, repo }) {
    const problems = [];
    const groups = new Map(); // group → where
    for (const { container, binary, at } of serverContainers(objects)) {
      if (!kNotifierHosts.includes(binary)) continue;
      const enabled = boolSetting(container, "RENFORT_NOTIFIER", objects, repo);
      if (enabled === undefined) problems.push(`${at}: RENFORT_NOTIFIER is neither true nor false`);
      if (!enabled) continue;
      const group = flagValue(container, "notifier_group") ?? kDefaultNotifierGroup;
      if (/\$\(/.test(group))
        problems.push(
          `${at}: --notifier_group=${group} varies per pod, so every pod would notify every volunteer`,
        );
      groups.set(group, [...(groups.get(group) ?? []), at]);
    }
    if (groups.size === 0)
      problems.push(
        `no gRPC server Deployment runs the notifier (${kNotifierHosts.join(" or ")} with RENFORT_NOTIFIER true): nobody would be notified`,
      );
    if (groups.size > 1)
      problems.push(
        `the notifiers use ${groups.size} consumer groups (${[...groups.keys()].join(", ")}), so each event would be notified ${groups.size} times`,
      );
    return problems;
  },
};

export const relayRunsInTheServers = {
  title: "the outbox relay runs in the gRPC servers (one leader elected among them)",
  check({ objects, repo }) {
    const problems = [];
    let relays = 0;
    for (const { container, at } of serverContainers(objects)) {
      const enabled = boolSetting(container, "RENFORT_RELAY", objects, repo);
      if (enabled === undefined) problems.push(`${at}: RENFORT_RELAY is neither true nor false`);
      if (enabled) relays += 1;
    }
    if (relays === 0)
      problems.push(
        "no gRPC server runs the outbox relay (RENFORT_RELAY false everywhere): committed events would never reach Redis",
      );
    return problems;
  },
};

// The `--name` of every flag-like argument of a container (`--name=value`, `--name`).
function flagNames(container) {
  return [...(container.command ?? []).slice(1), ...(container.args ?? [])]
    .filter((arg) => arg.startsWith("--"))
    .map((arg) => arg.slice(2).split("=")[0]);
}

export const flagsAreDefinedByTheBinaries = {
  title: "every flag given to a renfort binary is one that binary defines (its --helpfull)",
  check({ objects, repo }) {
    if (!repo.binaryFlags)
      return ["no build tree given (--build-dir): cannot ask the binaries for their flags"];
    const problems = [];
    for (const object of workloads(objects)) {
      for (const container of containersOf(podTemplateOf(object).spec)) {
        const binary = renfortBinary(container);
        if (!binary) continue;
        const defined = repo.binaryFlags.get(binary);
        if (!defined) {
          problems.push(`${name(object)}: ${binary} is not built, so its flags cannot be checked`);
          continue;
        }
        for (const flag of flagNames(container)) {
          // Abseil's negated form of a boolean flag.
          const known = defined.has(flag) || (flag.startsWith("no") && defined.has(flag.slice(2)));
          if (!known)
            problems.push(
              `${name(object)} container ${container.name}: ${binary} defines no flag --${flag}, so it would refuse to start`,
            );
        }
      }
    }
    return problems;
  },
};

export const variablesAreReadByTheBinaries = {
  title: "every RENFORT_* variable given to a renfort binary is one that binary reads",
  check({ objects, repo }) {
    const problems = [];
    for (const object of workloads(objects)) {
      for (const container of containersOf(podTemplateOf(object).spec)) {
        const binary = renfortBinary(container);
        if (!binary) continue;
        const server = repo.serverPorts.has(binary);
        const read = server ? repo.serverVariables : repo.binaryVariables(binary);
        const given = (container.env ?? []).map((e) => [e.name, "env"]);
        // The ConfigMaps a server reads wholesale: each of their keys is a variable too.
        for (const source of container.envFrom ?? []) {
          const configMap = objects.find(
            (o) => o.kind === "ConfigMap" && o.metadata.name === source.configMapRef?.name,
          );
          for (const key of Object.keys(configMap?.data ?? {}))
            given.push([`${source.prefix ?? ""}${key}`, `ConfigMap ${configMap.metadata.name}`]);
        }
        for (const [variable, from] of given) {
          if (!variable.startsWith("RENFORT_") || read.has(variable)) continue;
          problems.push(
            `${name(object)} container ${container.name}: ${binary} never reads ${variable} (from its ${from}); misspelt or meant for another binary`,
          );
        }
      }
    }
    return problems;
  },
};
