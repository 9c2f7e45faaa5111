// Rules about the image: the Dockerfile against the CMake targets, scripts/setup and the
// libraries the built binaries actually link. No Docker engine needed: the build stage runs the
// same CMake build as scripts/build, so the binaries of the local build stand in for the image's.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findExecutable, imageUser } from "../repo.mjs";

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
  // Build the fuzz targets (tests/fuzz, scripts/fuzz), never the deployed binaries.
  "clang",
  "libclang-rt-14-dev",
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

// The Debian package providing each shared library of `sonames`, from dpkg's file lists, as a
// Map (a soname no package provides is absent). One dpkg call for them all, remembered: each
// call reads every file list, which takes seconds on a busy machine.
const knownPackages = new Map();
function packagesOf(sonames) {
  const unknown = [...new Set(sonames)].filter((s) => !knownPackages.has(s));
  if (unknown.length) {
    // dpkg exits 1 when some name matches nothing, after listing the others.
    const run = spawnSync("dpkg", ["-S", ...unknown], { encoding: "utf8", maxBuffer: 16 << 20 });
    const candidates = new Map(unknown.map((soname) => [soname, []]));
    for (const line of (run.stdout ?? "").split("\n")) {
      const [packages, path] = line.split(": ");
      const soname = path?.trim().split("/").at(-1);
      if (!candidates.has(soname)) continue;
      candidates.get(soname).push({ pkg: packages.split(",")[0].trim().replace(/:.*$/, ""), path: path.trim() });
    }
    // A soname can be in several packages (libm.so.6 is in libc6 and, for 32-bit builds, in
    // libc6-i386): the one whose file sits in the host's multiarch directory is the one linked.
    for (const [soname, found] of candidates) {
      const native = found.find((c) => c.path.includes(`/${kMultiarch}/`));
      knownPackages.set(soname, (native ?? found[0])?.pkg ?? null);
    }
  }
  return new Map(sonames.map((soname) => [soname, knownPackages.get(soname)]));
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

// Sanitizer builds (scripts/sanitize) link the sanitizers' runtimes, and the ThreadSanitizer one
// renfort's own shim of Abseil's locks (tests/sanitizers/); the image is built without either.
const kSanitizerRuntime = /^lib(asan|ubsan|tsan|lsan)\.so\.|^librenfort_absl_tsan\.so$/;

export const runtimeStageProvidesLinkedLibraries = {
  title: "the runtime stage installs the package of every shared library the built binaries link",
  check({ repo, buildDir }) {
    if (!buildDir) return ["no --build-dir given: cannot read the binaries' shared libraries"];
    const installed = new Set(repo.dockerfile.runtime.packages);
    const problems = [];
    const missing = new Map(); // package → binaries needing it
    const linked = new Map(); // binary → sonames
    for (const binary of repo.dockerfile.binaries) {
      const path = findExecutable(buildDir, binary);
      if (!path) {
        problems.push(
          `${binary} is not built under ${buildDir}: is it a CMake target, and was the build run?`,
        );
        continue;
      }
      const dynamic = execFileSync("readelf", ["-d", path], { encoding: "utf8" });
      linked.set(
        binary,
        [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]),
      );
    }
    const packages = packagesOf([...linked.values()].flat());
    for (const [binary, sonames] of linked) {
      for (const soname of sonames) {
        if (kSanitizerRuntime.test(soname)) continue;
        const pkg = packages.get(soname);
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
