// The checker's own tests: each breaks one thing in a copy of the real rendered overlays and
// expects exactly the rule that guards it to complain. Needs kubectl, like the checks.
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, test } from "node:test";
import { checkRenderedOverlays, manifestRules, renderOverlay, repoFacts } from "../lib/suites.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const kubectl = process.env.K8S_CHECK_KUBECTL ?? "kubectl";
// The build tree whose binaries say which flags they define; without it the flag rule reports
// that it cannot run, so the real overlays' test and the flag tests fail.
const buildDir = process.env.K8S_CHECK_BUILD_DIR ?? null;
let repo;
let rendered;

before(() => {
  repo = repoFacts(root, buildDir);
  rendered = { dev: renderOverlay(root, kubectl, "dev"), prod: renderOverlay(root, kubectl, "prod") };
});

const copy = (overlay) => structuredClone(rendered[overlay]);
const find = (objects, kind, name) =>
  objects.find((o) => o.kind === kind && o.metadata.name.startsWith(name));
const serverContainer = (objects, name) => find(objects, "Deployment", name).spec.template.spec.containers[0];

// The problems one rule finds in `objects` (of overlay `overlay`).
function problemsOf(rule, objects, overlay = "prod") {
  const namespace = objects.find((o) => o.kind === "Deployment").metadata.namespace;
  return manifestRules[rule].check({ overlay, objects, namespace, repo });
}

function assertFlags(rule, objects, pattern, overlay = "prod") {
  const problems = problemsOf(rule, objects, overlay);
  assert.ok(
    problems.some((p) => pattern.test(p)),
    `${rule} should report ${pattern}, reported: ${JSON.stringify(problems)}`,
  );
}

describe("the real overlays", () => {
  test("pass every check", async () => {
    const failures = (await checkRenderedOverlays(rendered, repo)).filter((r) => r.problems.length);
    assert.deepEqual(failures, []);
  });
});

describe("each rule catches what it guards", () => {
  test("a container without a liveness probe", () => {
    const objects = copy("prod");
    delete serverContainer(objects, "renfort-volunteers").livenessProbe;
    assertFlags("longRunningContainersHaveProbes", objects, /renfort-volunteers.*no livenessProbe/);
  });

  test("a readiness probe on the wrong port", () => {
    const objects = copy("prod");
    serverContainer(objects, "renfort-matching").readinessProbe.grpc.port = 50052;
    assertFlags(
      "serversProbeTheirHealthService",
      objects,
      /renfort-matching.*readinessProbe.grpc.port 50052/,
    );
  });

  test("a container without a memory limit", () => {
    const objects = copy("dev");
    delete find(objects, "StatefulSet", "renfort-redis").spec.template.spec.containers[0].resources.limits
      .memory;
    assertFlags("resourcesAreBounded", objects, /renfort-redis.*no limits.memory/, "dev");
  });

  test("a container that may escalate privileges", () => {
    const objects = copy("prod");
    const cron = find(objects, "CronJob", "renfort-retention");
    cron.spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    assertFlags("containersRunRestricted", objects, /renfort-retention.*allowPrivilegeEscalation/);
  });

  test("a gRPC container port that is not the one the binary listens on", () => {
    const objects = copy("prod");
    serverContainer(objects, "renfort-missions").ports[0].containerPort = 50099;
    assertFlags("portsMatchTheFlags", objects, /renfort-missions.*listens on 50052.*50099/);
  });

  test("a server left listening on loopback", () => {
    const objects = copy("dev");
    const config = objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("renfort-config"),
    );
    delete config.data.RENFORT_HOST;
    assertFlags("portsMatchTheFlags", objects, /RENFORT_HOST is unset/, "dev");
  });

  test("the metrics endpoint turned off", () => {
    const objects = copy("prod");
    const config = objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("renfort-config"),
    );
    delete config.data.RENFORT_METRICS_PORT;
    assertFlags("portsMatchTheFlags", objects, /metrics endpoint is off/);
  });

  test("a binary the image does not contain", () => {
    const objects = copy("prod");
    serverContainer(objects, "renfort-missions").command = ["/usr/local/bin/renfort-mission"];
    assertFlags("containersRunBinariesOfTheImage", objects, /renfort-mission, which the Dockerfile/);
  });

  test("a prod Deployment without a PodDisruptionBudget", () => {
    const objects = copy("prod").filter(
      (o) => !(o.kind === "PodDisruptionBudget" && o.metadata.name === "renfort-matching"),
    );
    assertFlags(
      "prodDeploymentsAreAutoscaledAndProtected",
      objects,
      /renfort-matching: selected by 0 PodDisruptionBudgets/,
    );
  });

  test("an autoscaled Deployment that also sets replicas", () => {
    const objects = copy("prod");
    find(objects, "Deployment", "renfort-missions").spec.replicas = 3;
    assertFlags("autoscalersOwnTheReplicaCount", objects, /renfort-missions: sets replicas/);
  });

  test("a NetworkPolicy that no longer lets the servers reach PostgreSQL", () => {
    const objects = copy("prod");
    const policy = find(objects, "NetworkPolicy", "renfort-grpc-servers");
    policy.spec.egress = policy.spec.egress.filter((rule) => !rule.ports.some((p) => p.port === 5432));
    assertFlags(
      "networkPoliciesIsolateEveryPod",
      objects,
      /Deployment\/renfort-missions cannot reach Cluster\/renfort-db on 5432/,
    );
  });

  test("a job allowed to reach a backend it does not need", () => {
    const objects = copy("dev");
    const policy = find(objects, "NetworkPolicy", "renfort-migration");
    policy.spec.egress.push({
      to: [{ podSelector: { matchLabels: { "renfort.fr/backend": "redis" } } }],
      ports: [{ port: 6379, protocol: "TCP" }],
    });
    find(
      objects,
      "NetworkPolicy",
      "renfort-redis",
    ).spec.ingress[0].from[0].podSelector.matchExpressions[0].values.push("migration");
    assertFlags(
      "networkPoliciesIsolateEveryPod",
      objects,
      /Job\/renfort-migrate-dev can reach StatefulSet\/renfort-redis on 6379, which it does not need/,
      "dev",
    );
  });

  test("a pod that no NetworkPolicy isolates", () => {
    const objects = copy("dev").filter(
      (o) => !(o.kind === "NetworkPolicy" && o.metadata.name === "renfort-redis"),
    );
    assertFlags(
      "networkPoliciesIsolateEveryPod",
      objects,
      /StatefulSet\/renfort-redis: no NetworkPolicy restricts its ingress/,
      "dev",
    );
  });

  test("a gRPC port opened to every namespace", () => {
    const objects = copy("prod");
    find(objects, "NetworkPolicy", "renfort-grpc-servers").spec.ingress[0].from.push({
      namespaceSelector: {},
    });
    assertFlags("networkPoliciesIsolateEveryPod", objects, /any namespace can reach the gRPC port/);
  });

  test("a migration Job not named after the image tag", () => {
    const objects = copy("prod");
    find(objects, "Job", "renfort-migrate").metadata.name = "renfort-migrate";
    assertFlags("migrationRunsOncePerRelease", objects, /should be named renfort-migrate-0\.1\.0/);
  });

  test("signing keys mounted through subPath", () => {
    const objects = copy("prod");
    const mount = serverContainer(objects, "renfort-volunteers").volumeMounts.find(
      (m) => m.name === "jwt-keys",
    );
    mount.subPath = "renfort-1.pem";
    assertFlags("signingKeysAreMounted", objects, /subPath mount/);
  });

  test("a drain longer than the grace period", () => {
    const objects = copy("prod");
    find(objects, "Deployment", "renfort-matching").spec.template.spec.terminationGracePeriodSeconds = 15;
    assertFlags("shutdownFitsTheGracePeriod", objects, /renfort-matching: terminationGracePeriodSeconds 15/);
  });

  test("autoscaler maxima beyond the PostgreSQL connection budget", () => {
    const objects = copy("prod");
    find(objects, "HorizontalPodAutoscaler", "renfort-missions").spec.maxReplicas = 30;
    assertFlags("prodConnectionBudgetFits", objects, /max_connections 300 </);
  });

  test("a Secret nobody creates", () => {
    const objects = copy("prod");
    serverContainer(objects, "renfort-missions").env.find(
      (e) => e.name === "RENFORT_DATABASE_URL",
    ).valueFrom.secretKeyRef.name = "renfort-db-application";
    assertFlags(
      "referencedConfigurationExists",
      objects,
      /Secret renfort-db-application is neither rendered/,
    );
  });

  test("prod services pointed at a Redis replica instead of the master", () => {
    const objects = copy("prod");
    const secret = objects.find((o) => o.kind === "Secret" && o.metadata.name.startsWith("renfort-redis"));
    secret.data.url = Buffer.from("redis://rfr-renfort-redis:6379").toString("base64");
    assertFlags("prodBackendsAreHighlyAvailable", objects, /rfrm-renfort-redis/);
  });

  test("a container that may run as root", () => {
    const objects = copy("prod");
    const pod = find(objects, "Deployment", "renfort-missions").spec.template.spec;
    delete pod.securityContext.runAsNonRoot;
    delete pod.containers[0].securityContext.runAsNonRoot;
    assertFlags("containersRunRestricted", objects, /renfort-missions container renfort: runAsNonRoot/);
  });

  test("a writable root filesystem", () => {
    const objects = copy("dev");
    serverContainer(objects, "renfort-matching").securityContext.readOnlyRootFilesystem = false;
    assertFlags("containersRunRestricted", objects, /renfort-matching.*readOnlyRootFilesystem/, "dev");
  });

  test("capabilities kept", () => {
    const objects = copy("prod");
    serverContainer(objects, "renfort-volunteers").securityContext.capabilities.drop = ["NET_RAW"];
    assertFlags("containersRunRestricted", objects, /renfort-volunteers.*capabilities.drop lacks ALL/);
  });

  test("a prod Deployment without an autoscaler", () => {
    const objects = copy("prod").filter(
      (o) => !(o.kind === "HorizontalPodAutoscaler" && o.metadata.name === "renfort-volunteers"),
    );
    assertFlags(
      "prodDeploymentsAreAutoscaledAndProtected",
      objects,
      /renfort-volunteers: no HorizontalPodAutoscaler/,
    );
  });

  test("a liveness probe that follows the database", () => {
    const objects = copy("prod");
    serverContainer(objects, "renfort-missions").livenessProbe = { tcpSocket: { port: 9464 } };
    assertFlags("serversProbeTheirHealthService", objects, /livenessProbe does not target the grpc port/);
  });

  test("matching pods sharing one indexer group", () => {
    const objects = copy("prod");
    const container = serverContainer(objects, "renfort-matching");
    container.command = [container.command[0], "--matching_indexer_group=matching-indexer-prod"];
    assertFlags("indexersHaveAGroupPerPod", objects, /matching-indexer-prod is the same for every pod/);
  });

  test("an indexer group naming a variable the container lacks", () => {
    const objects = copy("prod");
    const container = serverContainer(objects, "renfort-matching");
    container.env = container.env.filter((e) => e.name !== "POD_NAME");
    assertFlags("indexersHaveAGroupPerPod", objects, /\$\(POD_NAME\), which the container's env does not define/);
  });

  test("an indexer group without the prefix the clean-up looks for", () => {
    const objects = copy("dev");
    const container = serverContainer(objects, "renfort-matching");
    container.command = [container.command[0], "--matching_indexer_group=index-$(POD_NAME)"];
    assertFlags("indexersHaveAGroupPerPod", objects, /lacks the prefix matching-indexer/, "dev");
  });

  test("the notifier turned off everywhere", () => {
    const objects = copy("prod");
    serverContainer(objects, "renfort-volunteers").env.find((e) => e.name === "RENFORT_NOTIFIER").value =
      "false";
    assertFlags("notifierRunsWithOneSharedGroup", objects, /no gRPC server Deployment runs the notifier/);
  });

  test("a notifier group per pod", () => {
    const objects = copy("prod");
    const container = serverContainer(objects, "renfort-volunteers");
    container.command = [container.command[0], "--notifier_group=notifier-$(POD_NAME)"];
    assertFlags("notifierRunsWithOneSharedGroup", objects, /varies per pod/);
  });

  test("the relay turned off in every server", () => {
    const objects = copy("prod");
    const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("renfort-config"));
    config.data.RENFORT_RELAY = "false";
    assertFlags("relayRunsInTheServers", objects, /no gRPC server runs the outbox relay/);
  });

  test("a misspelt flag", () => {
    const objects = copy("prod");
    const container = serverContainer(objects, "renfort-matching");
    container.command = [container.command[0], "--matching_index_group=matching-indexer-$(POD_NAME)"];
    assertFlags("flagsAreDefinedByTheBinaries", objects, /renfort-matching defines no flag --matching_index_group/);
  });

  test("a flag meant for another binary", () => {
    const objects = copy("prod");
    const job = find(objects, "Job", "renfort-migrate");
    job.spec.template.spec.containers[0].command.push("--metrics_port=9464");
    assertFlags("flagsAreDefinedByTheBinaries", objects, /renfort-migrate defines no flag --metrics_port/);
  });

  test("a misspelt variable in the ConfigMap", () => {
    const objects = copy("prod");
    const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("renfort-config"));
    config.data.RENFORT_SHUTDOWN_GRACE = "15";
    assertFlags("variablesAreReadByTheBinaries", objects, /never reads RENFORT_SHUTDOWN_GRACE \(from its ConfigMap/);
  });

  test("a server variable given to a job", () => {
    const objects = copy("dev");
    const cron = find(objects, "CronJob", "renfort-mission-jobs");
    cron.spec.jobTemplate.spec.template.spec.containers[0].env.push({ name: "RENFORT_DB_POOL_SIZE", value: "4" });
    assertFlags("variablesAreReadByTheBinaries", objects, /renfort-mission-jobs never reads RENFORT_DB_POOL_SIZE/, "dev");
  });

  test("a server Deployment not spread over zones", () => {
    const objects = copy("prod");
    const spec = find(objects, "Deployment", "renfort-missions").spec.template.spec;
    spec.topologySpreadConstraints = spec.topologySpreadConstraints.filter(
      (c) => c.topologyKey !== "topology.kubernetes.io/zone",
    );
    assertFlags(
      "serversSpreadOverZonesAndNodes",
      objects,
      /renfort-missions: no topologySpreadConstraint over topology.kubernetes.io\/zone/,
    );
  });

  test("dev pods without the scrape annotation", () => {
    const objects = copy("dev");
    delete find(objects, "Deployment", "renfort-volunteers").spec.template.metadata.annotations[
      "prometheus.io/scrape"
    ];
    assertFlags("metricsAreAnnotatedForScraping", objects, /renfort-volunteers: prometheus.io\/scrape/, "dev");
  });
});
