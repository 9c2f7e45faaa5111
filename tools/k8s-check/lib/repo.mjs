// Facts read from the repository itself, so the checks compare the manifests with the code
// rather than with a copy of it: the CMake executables, each server's default port, the
// Dockerfile and scripts/setup's package list.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

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
  const text = readFileSync(path, "utf8");
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
