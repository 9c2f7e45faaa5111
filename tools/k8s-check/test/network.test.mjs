// The NetworkPolicy evaluator against the API's semantics, on small hand-made policies.
import assert from "node:assert/strict";
import { test } from "node:test";
import { allows, endpoint, isolation } from "../lib/network.mjs";

const policy = (name, spec) => ({ kind: "NetworkPolicy", metadata: { name, namespace: "app" }, spec });
const web = endpoint({ role: "web" }, "app", { http: 8080 });
const db = endpoint({ role: "db" }, "app", { pg: 5432 });
const outsider = endpoint({ role: "web" }, "other", {});

test("no policy selecting either pod allows everything", () => {
  assert.equal(allows([], web, db, 5432), true);
});

test("an ingress policy admits only its peers and ports", () => {
  const policies = [
    policy("db", {
      podSelector: { matchLabels: { role: "db" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: { matchLabels: { role: "web" } } }], ports: [{ port: "pg" }] }],
    }),
  ];
  assert.equal(allows(policies, web, db, 5432), true);
  assert.equal(allows(policies, web, db, 5433), false);
  assert.equal(
    allows(policies, outsider, db, 5432),
    false,
    "a bare podSelector only means the policy's namespace",
  );
  assert.deepEqual([...isolation(policies, db)], ["Ingress"]);
});

test("egress must be allowed on the source side too", () => {
  const policies = [
    policy("web", { podSelector: { matchLabels: { role: "web" } }, policyTypes: ["Egress"], egress: [] }),
  ];
  assert.equal(allows(policies, web, db, 5432), false);
});

test("a namespaceSelector admits pods of matching namespaces", () => {
  const gateway = endpoint({}, "gw", {}, { "api-access": "true" });
  const policies = [
    policy("web", {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "api-access": "true" } } }] }],
    }),
  ];
  assert.equal(allows(policies, gateway, web, 8080), true);
  assert.equal(allows(policies, outsider, web, 8080), false);
});

test("matchExpressions select as the API defines", () => {
  const policies = [
    policy("db", {
      podSelector: { matchLabels: { role: "db" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            { podSelector: { matchExpressions: [{ key: "role", operator: "In", values: ["web", "job"] }] } },
          ],
        },
      ],
    }),
  ];
  assert.equal(allows(policies, web, db, 5432), true);
  assert.equal(allows(policies, endpoint({ role: "cron" }, "app"), db, 5432), false);
});
