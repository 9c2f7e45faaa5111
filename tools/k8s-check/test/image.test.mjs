// The checker's own tests for the image rules: each alters one thing in a copy of the real
// Dockerfile and expects the rule that guards it to complain. The library rule reads the
// binaries of the build tree named by K8S_CHECK_BUILD_DIR (check.mjs selftest --build-dir).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, test } from "node:test";
import { parseDockerfile } from "../lib/repo.mjs";
import * as imageRules from "../lib/rules/image.mjs";
import { repoFacts } from "../lib/suites.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const buildDir = process.env.K8S_CHECK_BUILD_DIR ?? null;
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
let repo;

before(() => {
  repo = repoFacts(root);
});

// The problems `rule` finds with the Dockerfile changed by `edit` (text → text).
function problemsWith(rule, edit) {
  const altered = edit(dockerfile);
  assert.notEqual(altered, dockerfile, "the edit should change the Dockerfile");
  return imageRules[rule].check({ repo: { ...repo, dockerfile: parseDockerfile(altered) }, buildDir });
}

function assertFlags(rule, edit, pattern) {
  const problems = problemsWith(rule, edit);
  assert.ok(
    problems.some((p) => pattern.test(p)),
    `${rule} should report ${pattern}, reported: ${JSON.stringify(problems)}`,
  );
}

test("the real Dockerfile passes every image rule", () => {
  for (const [key, rule] of Object.entries(imageRules).filter(([, r]) => r.check))
    assert.deepEqual(rule.check({ repo, buildDir }), [], key);
});

test("a runtime stage running as root", () => {
  assertFlags("runtimeStageIsSmallAndUnprivileged", (t) => t.replace("USER 10001:10001", "USER 0:0"), /USER 0:0/);
});

test("a runtime stage without a USER", () => {
  assertFlags(
    "runtimeStageIsSmallAndUnprivileged",
    (t) => t.replace(/^USER .*$/m, ""),
    /USER \(none\): use a numeric non-root uid:gid/,
  );
});

test("a compiler left in the runtime stage", () => {
  assertFlags(
    "runtimeStageIsSmallAndUnprivileged",
    (t) => t.replace("ca-certificates tzdata", "ca-certificates tzdata g++ libpqxx-dev"),
    /runtime stage installs build tool or headers g\+\+/,
  );
});

test("a single-stage image that ships its build tree", () => {
  assertFlags(
    "runtimeStageIsSmallAndUnprivileged",
    (t) => t.replace("COPY --from=build /out/bin/ /usr/local/bin/", "COPY . /usr/local/bin/"),
    /does not copy the binaries from the build stage/,
  );
});

test("a binary that is no CMake target", () => {
  assertFlags(
    "binariesAreCmakeTargets",
    (t) => t.replace("renfort-mission-jobs renfortctl", "renfort-mission-jobs renfort-relay renfortctl"),
    /builds renfort-relay, but no CMakeLists.txt has add_executable\(renfort-relay/,
  );
});

test("a build stage missing a package of scripts/setup", () => {
  assertFlags(
    "buildStageMatchesSetup",
    (t) => t.replace(" libhiredis-dev", ""),
    /scripts\/setup installs libhiredis-dev but the Dockerfile's build stage does not/,
  );
});

test("a base image other than Debian bookworm", () => {
  assertFlags(
    "buildStageMatchesSetup",
    (t) => t.replace("ARG DEBIAN_IMAGE=debian:bookworm-slim", "ARG DEBIAN_IMAGE=debian:trixie-slim"),
    /runtime image debian:trixie-slim is not Debian bookworm/,
  );
});

test("a runtime stage missing a library the binaries link", () => {
  assertFlags(
    "runtimeStageProvidesLinkedLibraries",
    (t) => t.replace(" libpqxx-6.4 ", " "),
    /runtime stage lacks libpqxx-6.4, needed by renfort /,
  );
});
