// The two suites: `manifests` renders each overlay with kubectl's kustomize and checks every
// object against the schemas and the rules; `image` checks the Dockerfile against the build.
// Both return [{name, problems}], one entry per check.
import { execFileSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { validateFieldNames, validateValues } from "./schemas.mjs";
import {
  builtBinaryFlags,
  cmakeExecutableDirectories,
  cmakeExecutables,
  indexerGroupPrefix,
  readDockerfile,
  renfortVariablesIn,
  serverBoolSettings,
  serverDefaultPorts,
  serverIntSettings,
  setupPackages,
} from "./repo.mjs";
import * as workloadRules from "./rules/workloads.mjs";
import * as platformRules from "./rules/platform.mjs";
import * as imageRules from "./rules/image.mjs";
import * as workerRules from "./rules/workers.mjs";

export const kOverlays = ["dev", "prod"];
export const manifestRules = { ...workloadRules, ...platformRules, ...workerRules };

// Renders k8s/overlays/<overlay> and returns its objects. Throws with kubectl's message.
export function renderOverlay(root, kubectl, overlay) {
  let output;
  try {
    output = execFileSync(kubectl, ["kustomize", join(root, "k8s/overlays", overlay)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 << 20,
    });
  } catch (error) {
    throw new Error(
      `kubectl kustomize k8s/overlays/${overlay} failed: ${(error.stderr || error.message).trim()}`,
    );
  }
  return parseYamlStream(output);
}

export function parseYamlStream(text) {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length) throw new Error(`unparsable YAML: ${document.errors[0].message}`);
      return document.toJS();
    })
    .filter(Boolean);
}

// What the rules read from the repository, and from the build tree when `buildDir` is given
// (the flags each built binary defines; null without a build).
export function repoFacts(root, buildDir = null) {
  const dockerfile = readDockerfile(root);
  const executableDirectories = cmakeExecutableDirectories(root);
  return {
    root,
    dockerfile,
    serverPorts: serverDefaultPorts(root),
    serverSettings: serverIntSettings(root),
    serverBoolSettings: serverBoolSettings(root),
    // The variables services/common/config.cc reads (every server) and those each other
    // binary's own sources read.
    serverVariables: renfortVariablesIn(root, ["services/common"]),
    binaryVariables: (binary) =>
      executableDirectories.has(binary)
        ? renfortVariablesIn(root, [executableDirectories.get(binary)])
        : new Set(),
    indexerGroupPrefix: indexerGroupPrefix(root),
    binaryFlags: buildDir ? builtBinaryFlags(buildDir, dockerfile.binaries) : null,
    buildDir,
    cmakeExecutables: cmakeExecutables(root),
    setupPackages: setupPackages(root),
    deployDoc: existsSync(join(root, "docs/deploy.md"))
      ? readFileSync(join(root, "docs/deploy.md"), "utf8")
      : "",
  };
}

// The namespace an overlay's namespaced objects land in.
function namespaceOf(objects) {
  return objects.find((o) => o.kind === "Deployment")?.metadata?.namespace ?? "default";
}

// A rule that throws reports the error as its problem instead of stopping the other checks.
function runRule(rule, context) {
  try {
    return rule.check(context);
  } catch (error) {
    return [`the check itself failed: ${error.stack ?? error}`];
  }
}

// Runs every check over already rendered overlays: {overlay: objects}.
export async function checkRenderedOverlays(rendered, repo) {
  const results = [];
  const groups = Object.entries(rendered).map(([name, objects]) => ({ name, objects }));
  for (const { name, objects } of groups) {
    results.push({
      name: `${name}: every object's values match the Kubernetes API schemas`,
      problems: await validateValues(objects),
    });
  }
  const fieldProblems = await validateFieldNames(groups);
  for (const { name } of groups) {
    results.push({
      name: `${name}: every object uses only fields its API defines (no misspelt field left to be pruned)`,
      problems: fieldProblems.filter(
        (p) => p.startsWith(`${name}: `) || !groups.some((g) => p.startsWith(`${g.name}: `)),
      ),
    });
  }
  for (const { name, objects } of groups) {
    const context = { overlay: name, objects, namespace: namespaceOf(objects), repo };
    for (const rule of Object.values(manifestRules).filter((r) => r.check)) {
      if (rule.overlays && !rule.overlays.includes(name)) continue;
      results.push({ name: `${name}: ${rule.title}`, problems: runRule(rule, context) });
    }
  }
  return results;
}

export async function checkManifests({ root, kubectl, buildDir = null, overlays = kOverlays }) {
  const repo = repoFacts(root, buildDir);
  const rendered = {};
  const results = [];
  for (const overlay of overlays) {
    try {
      rendered[overlay] = renderOverlay(root, kubectl, overlay);
      results.push({
        name: `${overlay}: kubectl kustomize renders ${rendered[overlay].length} objects`,
        problems: [],
      });
    } catch (error) {
      results.push({ name: `${overlay}: kubectl kustomize renders the overlay`, problems: [error.message] });
    }
  }
  return [...results, ...(await checkRenderedOverlays(rendered, repo))];
}

export async function checkImage({ root, buildDir }) {
  const repo = repoFacts(root);
  return Object.values(imageRules)
    .filter((rule) => rule.check)
    .map((rule) => ({ name: rule.title, problems: runRule(rule, { repo, buildDir }) }));
}
