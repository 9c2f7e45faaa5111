// Rules about how the objects fit together: Services, autoscaling, disruption budgets, network
// policies, the migration Job and CronJobs, references to Secrets, and the prod backends.
import {
  allPods,
  containersOf,
  hpaFor,
  imageTag,
  isGrpcServer,
  podTemplateOf,
  renfortBinary,
  selects,
  serverSetting as setting,
  serviceSelects,
  workloads,
} from "../objects.mjs";
import { allows, endpoint, isolation } from "../network.mjs";

const name = (object) => `${object.kind}/${object.metadata.name}`;
const ofKind = (objects, kind) => objects.filter((o) => o.kind === kind);

export const servicesReachTheirPods = {
  title: "every Service selects pods that expose each of its target ports",
  check({ objects }) {
    const problems = [];
    const pods = allPods(objects).filter((p) => p.object);
    for (const service of ofKind(objects, "Service")) {
      const selected = pods.filter((p) => serviceSelects(service, p.labels));
      if (selected.length === 0) problems.push(`${name(service)}: selects no pod`);
      for (const port of service.spec.ports ?? []) {
        const target = port.targetPort ?? port.port;
        for (const pod of selected) {
          const exposed =
            typeof target === "number" ? Object.values(pod.ports).includes(target) : target in pod.ports;
          if (!exposed)
            problems.push(
              `${name(service)} port ${port.name ?? port.port}: ${pod.owner} has no container port ${target}`,
            );
        }
      }
    }
    return problems;
  },
};

export const autoscalersOwnTheReplicaCount = {
  title: "autoscaled Deployments leave the replica count to their HorizontalPodAutoscaler",
  check({ objects }) {
    const problems = [];
    for (const hpa of ofKind(objects, "HorizontalPodAutoscaler")) {
      const target = objects.find(
        (o) => o.kind === hpa.spec.scaleTargetRef.kind && o.metadata.name === hpa.spec.scaleTargetRef.name,
      );
      if (!target)
        problems.push(
          `${name(hpa)}: scales ${hpa.spec.scaleTargetRef.kind}/${hpa.spec.scaleTargetRef.name}, which is not rendered`,
        );
      else if (target.spec.replicas !== undefined)
        problems.push(
          `${name(target)}: sets replicas although ${name(hpa)} scales it; every apply would reset the count`,
        );
    }
    for (const deployment of objects.filter(isGrpcServer)) {
      if (!hpaFor(objects, deployment) && deployment.spec.replicas === undefined)
        problems.push(`${name(deployment)}: neither a replica count nor an autoscaler`);
    }
    return problems;
  },
};

export const prodDeploymentsAreAutoscaledAndProtected = {
  title:
    "every Deployment has an autoscaler with at least 2 replicas and one PodDisruptionBudget that allows drains",
  overlays: ["prod"],
  check({ objects }) {
    const problems = [];
    const budgets = ofKind(objects, "PodDisruptionBudget");
    for (const deployment of ofKind(objects, "Deployment")) {
      const hpa = hpaFor(objects, deployment);
      const minimum = hpa?.spec.minReplicas ?? deployment.spec.replicas ?? 1;
      if (!hpa) problems.push(`${name(deployment)}: no HorizontalPodAutoscaler`);
      if (minimum < 2)
        problems.push(
          `${name(deployment)}: at least 2 replicas are needed to survive a node, got ${minimum}`,
        );
      const labels = deployment.spec.template.metadata.labels;
      const matching = budgets.filter((b) => selects(b.spec.selector, labels));
      if (matching.length !== 1) {
        problems.push(
          `${name(deployment)}: selected by ${matching.length} PodDisruptionBudgets, expected exactly 1`,
        );
        continue;
      }
      const { maxUnavailable, minAvailable } = matching[0].spec;
      const allowed =
        maxUnavailable !== undefined
          ? parseInt(maxUnavailable, 10) >= 1
          : parseInt(minAvailable, 10) < minimum;
      if (!allowed)
        problems.push(
          `${name(matching[0])}: allows no disruption at ${minimum} replicas, so node drains would hang`,
        );
    }
    return problems;
  },
};

export const networkPoliciesIsolateEveryPod = {
  title:
    "every pod is isolated by NetworkPolicies in both directions, and the traffic renfort needs is allowed",
  check({ objects, namespace }) {
    const problems = [];
    const policies = ofKind(objects, "NetworkPolicy");
    const pods = allPods(objects).map((p) => ({ ...p, at: endpoint(p.labels, namespace, p.ports) }));
    for (const pod of pods.filter((p) => p.object)) {
      const types = isolation(policies, pod.at);
      for (const type of ["Ingress", "Egress"])
        if (!types.has(type))
          problems.push(`${pod.owner}: no NetworkPolicy restricts its ${type.toLowerCase()}`);
    }
    const component = (pod) => pod.labels["app.kubernetes.io/component"];
    const renfort = (pod) => pod.labels["app.kubernetes.io/part-of"] === "renfort" && pod.object;
    const backends = { postgresql: 5432, redis: 6379 };
    const needs = {
      "grpc-server": ["postgresql", "redis"],
      migration: ["postgresql"],
      "scheduled-job": ["postgresql"],
    };
    for (const source of pods.filter(renfort)) {
      for (const [backend, port] of Object.entries(backends)) {
        const needed = (needs[component(source)] ?? []).includes(backend);
        const targets = pods.filter((p) => p.labels["renfort.fr/backend"] === backend);
        if (needed && targets.length === 0)
          problems.push(
            `no pod labelled renfort.fr/backend=${backend}: the renfort pods' ${backend} traffic has nowhere to go`,
          );
        for (const target of targets) {
          const allowed = allows(policies, source.at, target.at, port);
          if (needed && !allowed) problems.push(`${source.owner} cannot reach ${target.owner} on ${port}`);
          if (!needed && allowed)
            problems.push(`${source.owner} can reach ${target.owner} on ${port}, which it does not need`);
        }
      }
    }
    const dns = endpoint({ "k8s-app": "kube-dns" }, "kube-system", {});
    const client = endpoint({}, "gateway", {}, { "renfort.fr/api-access": "true" });
    const prometheus = endpoint({}, "monitoring", {});
    for (const pod of pods.filter(renfort)) {
      if (!allows(policies, pod.at, dns, 53))
        problems.push(`${pod.owner} cannot resolve names (DNS to kube-system on 53)`);
      if (component(pod) !== "grpc-server") continue;
      if (!allows(policies, client, pod.at, pod.ports.grpc))
        problems.push(
          `${pod.owner}: API clients (namespace labelled renfort.fr/api-access=true) cannot reach the gRPC port`,
        );
      if (!allows(policies, prometheus, pod.at, pod.ports.metrics))
        problems.push(`${pod.owner}: the monitoring namespace cannot scrape the metrics port`);
      if (allows(policies, endpoint({}, "elsewhere", {}), pod.at, pod.ports.grpc))
        problems.push(`${pod.owner}: any namespace can reach the gRPC port`);
    }
    return problems;
  },
};

// Job names are DNS subdomains, and at most 63 characters since they become a label value.
const kJobName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const migrationRunsOncePerRelease = {
  title: "one migration Job per release, named after the image tag, loading the communes the image ships",
  check({ objects, repo }) {
    const jobs = ofKind(objects, "Job").filter((job) =>
      containersOf(podTemplateOf(job).spec).some((c) => renfortBinary(c) === "renfort-migrate"),
    );
    if (jobs.length !== 1) return [`expected exactly one Job running renfort-migrate, found ${jobs.length}`];
    const [job] = jobs;
    const problems = [];
    const container = podTemplateOf(job).spec.containers.find((c) => renfortBinary(c) === "renfort-migrate");
    const expected = `renfort-migrate-${imageTag(container.image)}`;
    if (job.metadata.name !== expected)
      problems.push(
        `${name(job)}: should be named ${expected} after the image tag, so each release gets a new Job`,
      );
    if (!kJobName.test(job.metadata.name) || job.metadata.name.length > 63)
      problems.push(
        `${name(job)}: not a valid Job name (at most 63 of [a-z0-9.-]); use an image tag made of those characters`,
      );
    const csv = (container.command ?? [])
      .concat(container.args ?? [])
      .find((a) => a.startsWith("--communes_csv="))
      ?.split("=")[1];
    const shipped = repo.dockerfile.runtime.copies.some(
      (c) => c.sources.includes("data/communes.csv") && c.destination === csv,
    );
    if (!csv) problems.push(`${name(job)}: renfort-migrate runs without --communes_csv`);
    else if (!shipped)
      problems.push(
        `${name(job)}: --communes_csv=${csv} but the Dockerfile does not copy data/communes.csv there`,
      );
    if (!["Never", "OnFailure"].includes(podTemplateOf(job).spec.restartPolicy))
      problems.push(`${name(job)}: restartPolicy must be Never or OnFailure`);
    return problems;
  },
};

export const dailyJobsAreScheduled = {
  title: "CronJobs run renfort-retention and renfort-mission-jobs daily, never two at once",
  check({ objects }) {
    const problems = [];
    for (const binary of ["renfort-retention", "renfort-mission-jobs"]) {
      const cron = ofKind(objects, "CronJob").find((c) =>
        containersOf(podTemplateOf(c).spec).some((x) => renfortBinary(x) === binary),
      );
      if (!cron) {
        problems.push(`no CronJob runs ${binary}`);
        continue;
      }
      const fields = cron.spec.schedule.trim().split(/\s+/);
      if (fields.length !== 5 || fields.slice(2).some((f) => f !== "*") || /[*/,-]/.test(fields[1]))
        problems.push(`${name(cron)}: schedule "${cron.spec.schedule}" is not once a day`);
      if (cron.spec.concurrencyPolicy !== "Forbid")
        problems.push(`${name(cron)}: concurrencyPolicy should be Forbid`);
      if (!cron.spec.timeZone)
        problems.push(`${name(cron)}: no timeZone; the schedule would follow the controller's clock`);
    }
    return problems;
  },
};

// Secrets that operators create from a rendered custom resource.
function operatorSecrets(objects) {
  const names = new Set();
  for (const cluster of objects.filter((o) => o.kind === "Cluster")) {
    for (const suffix of ["app", "ca", "server", "replication", "superuser"])
      names.add(`${cluster.metadata.name}-${suffix}`);
  }
  return names;
}

export const referencedConfigurationExists = {
  title:
    "every referenced ConfigMap and Secret is rendered, created by an operator, or created by hand as docs/deploy.md says",
  check({ objects, repo }) {
    const problems = [];
    const rendered = (kind, ref) => objects.some((o) => o.kind === kind && o.metadata.name === ref);
    const byOperator = operatorSecrets(objects);
    const byHand = (ref) =>
      new RegExp(`kubectl[^\\n]*create secret[^\\n]*\\s${ref}(\\s|$)`).test(repo.deployDoc);
    for (const object of workloads(objects)) {
      const spec = podTemplateOf(object).spec;
      const refs = [];
      for (const c of containersOf(spec)) {
        for (const e of c.env ?? []) {
          if (e.valueFrom?.secretKeyRef) refs.push(["Secret", e.valueFrom.secretKeyRef.name]);
          if (e.valueFrom?.configMapKeyRef) refs.push(["ConfigMap", e.valueFrom.configMapKeyRef.name]);
        }
        for (const s of c.envFrom ?? []) {
          if (s.secretRef) refs.push(["Secret", s.secretRef.name]);
          if (s.configMapRef) refs.push(["ConfigMap", s.configMapRef.name]);
        }
      }
      for (const v of spec.volumes ?? []) {
        if (v.secret) refs.push(["Secret", v.secret.secretName]);
        if (v.configMap) refs.push(["ConfigMap", v.configMap.name]);
      }
      for (const [kind, ref] of refs) {
        if (rendered(kind, ref) || (kind === "Secret" && (byOperator.has(ref) || byHand(ref)))) continue;
        problems.push(
          `${name(object)}: ${kind} ${ref} is neither rendered, nor made by an operator, nor created in docs/deploy.md`,
        );
      }
    }
    return problems;
  },
};

export const prodBackendsAreHighlyAvailable = {
  title: "CloudNativePG with 3 instances and Redis with Sentinel, and the services point at them",
  overlays: ["prod"],
  check({ objects }) {
    const problems = [];
    const clusters = objects.filter((o) => o.kind === "Cluster" && o.apiVersion === "postgresql.cnpg.io/v1");
    const failovers = ofKind(objects, "RedisFailover");
    if (clusters.length !== 1 || clusters[0].spec.instances !== 3)
      problems.push(`expected one CloudNativePG Cluster with 3 instances`);
    if (failovers.length !== 1) problems.push(`expected one RedisFailover`);
    const [failover] = failovers;
    if (failover && (failover.spec.redis?.replicas ?? 0) < 2)
      problems.push(`${name(failover)}: Redis needs a replica to fail over to`);
    if (failover && (failover.spec.sentinel?.replicas ?? 0) < 3)
      problems.push(`${name(failover)}: Sentinel needs 3 replicas for a quorum`);
    for (const object of workloads(objects)) {
      for (const container of podTemplateOf(object).spec.containers.filter((c) => renfortBinary(c))) {
        const db = container.env?.find((e) => e.name === "RENFORT_DATABASE_URL")?.valueFrom?.secretKeyRef;
        if (clusters[0] && (db?.name !== `${clusters[0].metadata.name}-app` || db?.key !== "uri"))
          problems.push(
            `${name(object)}: RENFORT_DATABASE_URL should come from Secret ${clusters[0].metadata.name}-app, key uri`,
          );
        const redis = container.env?.find((e) => e.name === "RENFORT_REDIS_URL")?.valueFrom?.secretKeyRef;
        if (!redis) continue;
        const secret = objects.find((o) => o.kind === "Secret" && o.metadata.name === redis.name);
        const url = secret && Buffer.from(secret.data?.[redis.key] ?? "", "base64").toString();
        if (failover && !url?.startsWith(`redis://rfrm-${failover.metadata.name}:`))
          problems.push(
            `${name(object)}: RENFORT_REDIS_URL should be the failover's master Service rfrm-${failover.metadata.name}, got ${url ?? "(not rendered)"}`,
          );
      }
    }
    return problems;
  },
};

export const prodMetricsAreScraped = {
  title: "a ServiceMonitor scrapes the metrics port of every gRPC server",
  overlays: ["prod"],
  check({ objects }) {
    const monitors = ofKind(objects, "ServiceMonitor");
    const problems = [];
    for (const deployment of objects.filter(isGrpcServer)) {
      const labels = deployment.spec.template.metadata.labels;
      const scraped = monitors.some((monitor) =>
        ofKind(objects, "Service").some(
          (service) =>
            selects(monitor.spec.selector, service.metadata.labels ?? {}) &&
            serviceSelects(service, labels) &&
            monitor.spec.endpoints.some((e) =>
              service.spec.ports.some((p) => p.name === e.port && p.targetPort === "metrics"),
            ),
        ),
      );
      if (!scraped) problems.push(`${name(deployment)}: no ServiceMonitor endpoint reaches its metrics port`);
    }
    return problems;
  },
};

// Connections each renfort pod opens besides its pool: the readiness watcher, the relay's
// leader lock and the LISTEN connection for outbox notifications.
const kConnectionsBesidesPool = 3;
// The jobs, the operator and superuser_reserved_connections.
const kConnectionsReserved = 20;

export const prodConnectionBudgetFits = {
  title: "the autoscalers' maxima cannot open more PostgreSQL connections than max_connections",
  overlays: ["prod"],
  check({ objects, repo }) {
    const cluster = objects.find((o) => o.kind === "Cluster");
    const max = Number(cluster?.spec.postgresql?.parameters?.max_connections ?? 100);
    let needed = kConnectionsReserved;
    const terms = [];
    for (const deployment of objects.filter(isGrpcServer)) {
      const replicas = hpaFor(objects, deployment)?.spec.maxReplicas ?? deployment.spec.replicas ?? 1;
      const container = deployment.spec.template.spec.containers.find((c) => renfortBinary(c));
      const pool = Number(setting(container, "RENFORT_DB_POOL_SIZE", objects, repo));
      needed += replicas * (pool + kConnectionsBesidesPool);
      terms.push(`${deployment.metadata.name} ${replicas}x(${pool}+${kConnectionsBesidesPool})`);
    }
    return needed <= max
      ? []
      : [`max_connections ${max} < ${terms.join(" + ")} + ${kConnectionsReserved} = ${needed}`];
  },
};
