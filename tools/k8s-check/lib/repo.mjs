// Facts read from the repository itself, so the checks compare the manifests with the code
// rather than with a copy of it: the CMake executables, each server's default port, the
// Dockerfile and scripts/setup's package list.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const kSkippedDirectories = new Set([".git", "build", "node_modules", ".cache"]);

function* walk(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!kSkippedDirectories.has(entry.name)) yield* walk(join(directory, entry.name));
    } else {
      yield join(directory, entry.name);
    }
  }
}

// Every `add_executable(name ...)` of the build, as a Set of names.
export function cmakeExecutables(root) {
  const names = new Set();
  for (const file of walk(root)) {
    if (!file.endsWith("CMakeLists.txt")) continue;
    const text = readFileSync(file, "utf8").replace(/#.*$/gm, "");
    for (const match of text.matchAll(/add_executable\(\s*([A-Za-z0-9_.+-]+)/g)) names.add(match[1]);
  }
  return names;
}

// The servers' ServiceSpecs (services/**/*.cc): binary name → default gRPC port.
export function serverDefaultPorts(root) {
  const ports = new Map();
  for (const file of walk(join(root, "services"))) {
    if (!file.endsWith(".cc")) continue;
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\.binary_name\s*=\s*"([^"]+)"[\s\S]*?\.default_port\s*=\s*(\d+)/g)) {
      ports.set(match[1], Number(match[2]));
    }
  }
  return ports;
}

// The integer settings of services/common/config.cc with a literal default, as
// {env: {flag, default}}: e.g. RENFORT_METRICS_PORT → {flag: "metrics_port", default: -1}.
export function serverIntSettings(root) {
  const text = readFileSync(join(root, "services/common/config.cc"), "utf8");
  const settings = {};
  for (const match of text.matchAll(
    /ParseIntSetting\(\s*source,\s*\{"(\w+)",\s*"(RENFORT_\w+)"\},\s*(-?\d+)\s*,/g,
  )) {
    settings[match[2]] = { flag: match[1], default: Number(match[3]) };
  }
  return settings;
}

// The boolean settings of services/common/config.cc, as {env: {flag, default}}: e.g.
// RENFORT_RELAY → {flag: "relay", default: true}.
export function serverBoolSettings(root) {
  const text = readFileSync(join(root, "services/common/config.cc"), "utf8");
  const settings = {};
  for (const match of text.matchAll(
    /ParseBoolSetting\(\s*source,\s*\{"(\w+)",\s*"(RENFORT_\w+)"\}(?:,\s*(true|false))?\s*\)/g,
  )) {
    settings[match[2]] = { flag: match[1], default: match[3] === "true" };
  }
  return settings;
}

// Every RENFORT_* name the sources under `directories` (relative to the root) mention as a
// string literal: the variables those programs can read.
export function renfortVariablesIn(root, directories) {
  const names = new Set();
  for (const directory of directories) {
    for (const file of walk(join(root, directory))) {
      if (!/\.(cc|h)$/.test(file)) continue;
      for (const match of readFileSync(file, "utf8").matchAll(/"(RENFORT_[A-Z0-9_]+)"/g))
        names.add(match[1]);
    }
  }
  return names;
}

// The prefix every matching indexer group must carry for abandoned groups to be cleaned up
// (kIndexerGroupPrefix in services/matching/matching_indexer.h).
export function indexerGroupPrefix(root) {
  const text = readFileSync(join(root, "services/matching/matching_indexer.h"), "utf8");
  const match = text.match(/kIndexerGroupPrefix\[\]\s*=\s*"([^"]+)"/);
  if (!match) throw new Error("services/matching/matching_indexer.h: no kIndexerGroupPrefix found");
  return match[1];
}

// Every `add_executable(name ...)` of the build, as a Map of name → the directory (relative to
// the root) of the CMakeLists.txt that declares it.
export function cmakeExecutableDirectories(root) {
  const directories = new Map();
  for (const file of walk(root)) {
    if (!file.endsWith("CMakeLists.txt")) continue;
    const text = readFileSync(file, "utf8").replace(/#.*$/gm, "");
    for (const match of text.matchAll(/add_executable\(\s*([A-Za-z0-9_.+-]+)/g))
      directories.set(match[1], relative(root, dirname(file)));
  }
  return directories;
}

// The flags each binary defines, as printed by `<binary> --helpfull` (Abseil's flag listing),
// for the binaries found under `buildDir`: Map name → Set of flag names. Binaries not built
// are missing from the map.
export function builtBinaryFlags(buildDir, binaries) {
  const flags = new Map();
  for (const binary of binaries) {
    const path = findExecutable(buildDir, binary);
    if (!path) continue;
    // Abseil exits non-zero after printing the help; only the listing matters.
    const run = spawnSync(path, ["--helpfull"], { encoding: "utf8", timeout: 30000, env: {} });
    const text = `${run.stdout ?? ""}${run.stderr ?? ""}`;
    const names = new Set([...text.matchAll(/^\s+--([A-Za-z0-9_]+) \(/gm)].map((m) => m[1]));
    if (names.size) flags.set(binary, names);
  }
  return flags;
}

// The executable file `name` somewhere under `directory` (CMakeFiles excluded), or null.
export function findExecutable(directory, name) {
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

// scripts/setup's PACKAGES=( ... ) list.
export function setupPackages(root) {
  const text = readFileSync(join(root, "scripts/setup"), "utf8");
  const block = text.match(/^PACKAGES=\(([\s\S]*?)^\)/m);
  if (!block) throw new Error("scripts/setup: no PACKAGES=( ... ) list found");
  return block[1].replace(/#.*$/gm, "").split(/\s+/).filter(Boolean);
}

// The Dockerfile, parsed into what the checks need: its stages with their apt packages, COPY
// instructions, USER and ENV, and the RENFORT_BINARIES list.
export function readDockerfile(root) {
  const path = join(root, "Dockerfile");
  return parseDockerfile(readFileSync(path, "utf8"), path);
}

// The same from the text of a Dockerfile (the checker's tests parse altered copies).
export function parseDockerfile(text, path = "Dockerfile") {
  const instructions = text
    .replace(/\\\n/g, " ") // continuation lines
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [, keyword, rest] = line.match(/^(\S+)\s*(.*)$/);
      return { keyword: keyword.toUpperCase(), rest };
    });
  const args = new Map();
  const stages = [];
  for (const { keyword, rest } of instructions) {
    if (keyword === "ARG") {
      const [, name, value] = rest.match(/^([A-Za-z0-9_]+)(?:=("[^"]*"|\S*))?/);
      args.set(name, (value ?? "").replace(/^"|"$/g, ""));
    } else if (keyword === "FROM") {
      const [, image, name] = rest.match(/^(\S+)(?:\s+AS\s+(\S+))?/i);
      stages.push({
        name,
        image: expand(image, args),
        packages: [],
        copies: [],
        run: [],
        env: {},
        user: null,
        cmd: null,
      });
    } else if (stages.length) {
      const stage = stages.at(-1);
      if (keyword === "RUN") {
        stage.run.push(rest);
        for (const match of rest.matchAll(/apt-get install ([^&;]*)/g)) {
          stage.packages.push(...match[1].split(/\s+/).filter((t) => t && !t.startsWith("-")));
        }
      } else if (keyword === "COPY") {
        const from = rest.match(/--from=(\S+)/)?.[1] ?? null;
        const paths = rest.replace(/--\S+/g, "").trim().split(/\s+/);
        stage.copies.push({ from, sources: paths.slice(0, -1), destination: paths.at(-1) });
      } else if (keyword === "USER") {
        stage.user = rest;
      } else if (keyword === "ENV") {
        for (const match of rest.matchAll(/([A-Za-z0-9_]+)=(\S+)/g)) stage.env[match[1]] = match[2];
      } else if (keyword === "CMD" || keyword === "ENTRYPOINT") {
        stage.cmd = rest;
      }
    }
  }
  const binaries = (args.get("RENFORT_BINARIES") ?? "").split(/\s+/).filter(Boolean);
  return { path, stages, binaries, runtime: stages.at(-1), build: stages.find((s) => s.name === "build") };
}

function expand(text, args) {
  return text.replace(/\$\{?([A-Za-z0-9_]+)\}?/g, (_, name) => args.get(name) ?? "");
}

// The uid and gid the image runs as, from `USER uid:gid` (numbers), or null.
export function imageUser(dockerfile) {
  const match = dockerfile.runtime?.user?.match(/^(\d+)(?::(\d+))?$/);
  return match ? { uid: Number(match[1]), gid: match[2] === undefined ? null : Number(match[2]) } : null;
}
