#!/usr/bin/env node
// Checks renfort's Kubernetes deployment without a cluster (ctest -L k8s runs it).
//
//   node tools/k8s-check/check.mjs manifests --repo . [--kubectl kubectl] [--build-dir build]
//       renders k8s/overlays/{dev,prod} with kubectl's kustomize, validates every object against
//       the Kubernetes schemas and checks the deployment rules (probes, resources, security,
//       PDBs, NetworkPolicies, ports against the flags, binaries against the Dockerfile...);
//       with a build tree, also every flag given to a binary against that binary's --helpfull.
//   node tools/k8s-check/check.mjs image --repo . --build-dir build
//       checks the Dockerfile against the CMake targets, scripts/setup and the shared libraries
//       the built binaries link.
//   node tools/k8s-check/check.mjs selftest --repo . [--kubectl kubectl] [--build-dir build]
//       runs the checker's own tests (test/*.test.mjs): each rule must catch what it guards.
//
// Prints one `ok` / `not ok` line per check, the problems under each failure, and a closing
// "N passed, M failed" line; exits 1 when a check fails and 2 when it cannot run at all.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const checkerDir = dirname(fileURLToPath(import.meta.url));
const kSetupHint =
  "run scripts/setup (it installs the checker's packages with npm ci --prefix tools/k8s-check)";

function fail(message) {
  console.error(`k8s-check: ${message}`);
  process.exit(2);
}

function parseArguments(argv) {
  const [suite, ...rest] = argv;
  const options = { suite, kubectl: "kubectl" };
  for (let i = 0; i < rest.length; i += 1) {
    const [key, inline] = rest[i].replace(/^--/, "").split("=");
    const value = inline ?? rest[++i];
    if (value === undefined) fail(`--${key} needs a value`);
    options[key.replace(/-/g, "_")] = value;
  }
  if (!["manifests", "image", "selftest"].includes(suite))
    fail("usage: check.mjs manifests|image|selftest --repo DIR [--kubectl PATH] [--build-dir DIR]");
  if (!options.repo) fail("--repo is required");
  options.repo = resolve(options.repo);
  return options;
}

// The npm packages must be installed: a missing one is a failure, never a skip.
async function requirePackages() {
  for (const name of [
    "yaml",
    "typescript",
    "kubernetes-models/apps/v1/Deployment",
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor",
  ]) {
    try {
      await import(name);
    } catch {
      fail(
        `the npm package ${name
          .split("/")
          .slice(0, name.startsWith("@") ? 2 : 1)
          .join("/")} is missing from ${join(checkerDir, "node_modules")}: ${kSetupHint}`,
      );
    }
  }
}

// kubectl with a kustomize recent enough for `labels`, `replacements` and patches by selector.
function requireKubectl(kubectl) {
  let version;
  try {
    version = JSON.parse(
      execFileSync(kubectl, ["version", "--client", "-o", "json"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
  } catch {
    fail(
      `kubectl not found (looked for "${kubectl}"): install kubectl 1.27 or later (it includes kustomize 5); scripts/setup checks for it`,
    );
  }
  const major = Number(/^v?(\d+)/.exec(version.kustomizeVersion ?? "")?.[1] ?? 0);
  if (major < 5)
    fail(
      `kubectl's kustomize is ${version.kustomizeVersion ?? "unknown"}, 5 or later is needed: install kubectl 1.27 or later`,
    );
}

function report(results) {
  let passed = 0;
  let failed = 0;
  for (const { name, problems } of results) {
    if (problems.length === 0) {
      passed += 1;
      console.log(`ok - ${name}`);
    } else {
      failed += 1;
      console.log(`not ok - ${name}`);
      for (const problem of problems) console.log(`    ${problem}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0;
}

const options = parseArguments(process.argv.slice(2));
await requirePackages();
if (options.suite === "selftest") {
  requireKubectl(options.kubectl);
  const run = spawnSync(process.execPath, ["--test", join(checkerDir, "test")], {
    stdio: "inherit",
    env: {
      ...process.env,
      K8S_CHECK_KUBECTL: options.kubectl,
      ...(options.build_dir ? { K8S_CHECK_BUILD_DIR: resolve(options.build_dir) } : {}),
    },
  });
  process.exit(run.status ?? 1);
}
const { checkImage, checkManifests } = await import("./lib/suites.mjs");
let results;
if (options.build_dir && !existsSync(options.build_dir))
  fail(`--build-dir ${options.build_dir} does not exist: build first (scripts/build)`);
if (options.suite === "manifests") {
  requireKubectl(options.kubectl);
  results = await checkManifests({
    root: options.repo,
    kubectl: options.kubectl,
    buildDir: options.build_dir && resolve(options.build_dir),
  });
} else {
  results = await checkImage({
    root: options.repo,
    buildDir: options.build_dir && resolve(options.build_dir),
  });
}
process.exit(report(results) ? 0 : 1);
