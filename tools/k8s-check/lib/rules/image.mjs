// Rules about the image: the Dockerfile against the CMake targets, scripts/setup and the
// libraries the built binaries actually link. No Docker engine needed: the build stage runs the
// same CMake build as scripts/build, so the binaries of the local build stand in for the image's.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { imageUser } from "../repo.mjs";

// scripts/setup packages that only the tests need (servers to test against, Python clients).
export const kTestOnlyPackages = new Set([
  "postgresql-15",
  "postgresql-client-15",
  "postgresql-contrib",
  "redis-server",
  "redis-tools",
  "python3-grpcio",
  "python3-protobuf",
  // Draws the coordinator report in its rendering test (tests/e2e/stats_report_test.cc).
  "chromium",
]);

// Packages every Debian image has (Essential: yes, or required by them).
const kBasePackages = new Set(["libc6", "libgcc-s1"]);

export const binariesAreCmakeTargets = {
  title: "every binary the Dockerfile builds is a CMake executable target",
  check({ repo }) {
    const problems = [];
    if (repo.dockerfile.binaries.length === 0) problems.push("Dockerfile: no ARG RENFORT_BINARIES list");
    for (const binary of repo.dockerfile.binaries) {
      if (!repo.cmakeExecutables.has(binary))
        problems.push(`Dockerfile builds ${binary}, but no CMakeLists.txt has add_executable(${binary} ...)`);
    }
    if (!repo.dockerfile.build?.run.some((r) => r.includes("--target ${RENFORT_BINARIES}")))
      problems.push(
        "Dockerfile: the build stage should run `cmake --build ... --target ${RENFORT_BINARIES}`",
      );
    return problems;
  },
};

export const buildStageMatchesSetup = {
  title: "the build stage installs scripts/setup's packages, less those only the tests use",
  check({ repo }) {
    const installed = new Set(repo.dockerfile.build?.packages ?? []);
    const setup = new Set(repo.setupPackages);
    const problems = [];
    for (const p of setup)
      if (!installed.has(p) && !kTestOnlyPackages.has(p))
        problems.push(`scripts/setup installs ${p} but the Dockerfile's build stage does not`);
    for (const p of installed)
      if (!setup.has(p))
        problems.push(
          `the Dockerfile's build stage installs ${p}, which scripts/setup does not (add it there too)`,
        );
    if (repo.dockerfile.build?.image !== repo.dockerfile.runtime?.image)
      problems.push("build and runtime stages should start from the same Debian image");
    if (!/bookworm/.test(repo.dockerfile.runtime?.image ?? ""))
      problems.push(`runtime image ${repo.dockerfile.runtime?.image} is not Debian bookworm`);
    return problems;
  },
};

export const runtimeStageIsSmallAndUnprivileged = {
  title:
    "the runtime stage holds runtime libraries only, copies the binaries from the build stage and runs as a non-root uid",
  check({ repo }) {
    const runtime = repo.dockerfile.runtime;
    const problems = [];
    for (const p of runtime.packages) {
      if (/-dev$|^(g\+\+|gcc|cmake|ninja-build|ccache|pkg-config)$|^protobuf-compiler/.test(p))
        problems.push(`runtime stage installs build tool or headers ${p}`);
    }
    const user = imageUser(repo.dockerfile);
    if (!user || user.uid === 0)
      problems.push(`runtime stage USER ${runtime.user ?? "(none)"}: use a numeric non-root uid:gid`);
    if (!runtime.copies.some((c) => c.from === "build" && c.destination.startsWith("/usr/local/bin")))
      problems.push("runtime stage does not copy the binaries from the build stage into /usr/local/bin");
    for (const copy of runtime.copies.filter((c) => !c.from)) {
      for (const source of copy.sources)
        if (!existsSync(join(repo.root, source)))
          problems.push(`COPY ${source}: no such file in the repository`);
    }
    return problems;
  },
};

export const contextLeavesOutBuildOutputs = {
  title: ".dockerignore keeps build outputs, node packages and .git out of the build context",
  check({ repo }) {
    const path = join(repo.root, ".dockerignore");
    if (!existsSync(path)) return [".dockerignore is missing"];
    const lines = readFileSync(path, "utf8")
      .split("\n")
      .map((l) => l.trim());
    return ["build", ".git", "**/node_modules"]
      .filter((p) => !lines.includes(p))
      .map((p) => `.dockerignore lacks ${p}`);
  },
};

function findExecutable(directory, name) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "CMakeFiles") continue;
      const found = findExecutable(path, name);
      if (found) return found;
    } else if (entry.name === name && entry.isFile() && statSync(path).mode & 0o111) {
      return path;
    }
  }
  return null;
}

// The Debian package providing shared library `soname`, from dpkg's file lists.
function packageOf(soname) {
  let output = "";
  try {
    output = execFileSync("dpkg", ["-S", soname], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
  // A soname can be in several packages (libm.so.6 is in libc6 and, for 32-bit builds, in
  // libc6-i386): the one whose file sits in the host's multiarch directory is the one linked.
  const candidates = [];
  for (const line of output.split("\n")) {
    const [packages, path] = line.split(": ");
    if (path && path.trim().endsWith(`/${soname}`)) {
      candidates.push({ pkg: packages.split(",")[0].trim().replace(/:.*$/, ""), path: path.trim() });
    }
  }
  const native = candidates.find((c) => c.path.includes(`/${kMultiarch}/`));
  return (native ?? candidates[0])?.pkg ?? null;
}

// The host's multiarch triplet (x86_64-linux-gnu here), where its native libraries live.
const kMultiarch = (() => {
  try {
    return execFileSync("dpkg-architecture", ["-qDEB_HOST_MULTIARCH"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return `${process.arch === "arm64" ? "aarch64" : "x86_64"}-linux-gnu`;
  }
})();

export const runtimeStageProvidesLinkedLibraries = {
  title: "the runtime stage installs the package of every shared library the built binaries link",
  check({ repo, buildDir }) {
    if (!buildDir) return ["no --build-dir given: cannot read the binaries' shared libraries"];
    const installed = new Set(repo.dockerfile.runtime.packages);
    const problems = [];
    const missing = new Map(); // package → binaries needing it
    for (const binary of repo.dockerfile.binaries) {
      const path = findExecutable(buildDir, binary);
      if (!path) {
        problems.push(
          `${binary} is not built under ${buildDir}: is it a CMake target, and was the build run?`,
        );
        continue;
      }
      const dynamic = execFileSync("readelf", ["-d", path], { encoding: "utf8" });
      for (const [, soname] of dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)) {
        const pkg = packageOf(soname);
        if (!pkg) problems.push(`${binary} links ${soname}, which no installed Debian package provides`);
        else if (!installed.has(pkg) && !kBasePackages.has(pkg))
          missing.set(pkg, [...(missing.get(pkg) ?? []), `${binary} (${soname})`]);
      }
    }
    for (const [pkg, users] of missing)
      problems.push(`runtime stage lacks ${pkg}, needed by ${users.join(", ")}`);
    return problems;
  },
};
