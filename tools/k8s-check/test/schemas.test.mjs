// The schema passes: values through the kubernetes-models validators, field names through the
// TypeScript models (and the strict subsets of the two operators' resources).
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateFieldNames, validateValues } from "../lib/schemas.mjs";

const deployment = () => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "web", image: "web:1", readinessProbe: { grpc: { port: 50052 } } }] },
    },
  },
});

test("a valid Deployment passes both passes", async () => {
  assert.deepEqual(await validateValues([deployment()]), []);
  assert.deepEqual(await validateFieldNames([{ name: "t", objects: [deployment()] }]), []);
});

test("a misspelt field is reported with the object it is in", async () => {
  const object = deployment();
  object.spec.template.spec.containers[0].readinesProbe =
    object.spec.template.spec.containers[0].readinessProbe;
  const problems = await validateFieldNames([{ name: "t", objects: [object] }]);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^t: Deployment\/web: .*'"readinesProbe"' does not exist in type 'IContainer'/);
});

test("a value of the wrong type is reported", async () => {
  const object = deployment();
  object.spec.template.spec.containers[0].readinessProbe.grpc.port = "grpc"; // gRPC probes take numbers
  assert.match((await validateValues([object]))[0], /Deployment\/web: .*port must be integer/);
});

test("an unknown kind is reported, not skipped", async () => {
  const problems = await validateValues([
    { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } },
  ]);
  assert.match(problems[0], /no schema known for example.com\/v1 Widget/);
});

test("Secret data wrapped over lines, as kustomize writes it, is valid base64", async () => {
  const secret = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "s" },
    data: {
      url: "cG9zdGdyZXNxbDovL3JlbmZvcnQ6cmVuZm9ydC1kZXYtb25seUByZW5mb3J0LXBvc3Rncm\nVzcWw6NTQzMi9yZW5mb3J0\n",
    },
  };
  assert.deepEqual(await validateValues([secret]), []);
});

test("a misspelt CloudNativePG field is reported", async () => {
  const cluster = {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: { name: "db" },
    spec: { instances: 3, storage: { size: "1Gi" }, enablePodAntiAfinity: true },
  };
  const problems = await validateFieldNames([{ name: "t", objects: [cluster] }]);
  assert.match(problems.join("\n"), /enablePodAntiAfinity/);
});

test("a RedisFailover with a wrongly typed field is reported", async () => {
  const failover = {
    apiVersion: "databases.spotahome.com/v1",
    kind: "RedisFailover",
    metadata: { name: "r" },
    spec: { redis: { replicas: "3" } },
  };
  const problems = await validateFieldNames([{ name: "t", objects: [failover] }]);
  assert.match(problems.join("\n"), /RedisFailover\/r: Type 'string' is not assignable to type 'number'/);
});
