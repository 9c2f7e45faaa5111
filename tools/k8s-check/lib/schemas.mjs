// Validates rendered objects against the Kubernetes schemas, in two passes:
//
// 1. Values: the kubernetes-models validators (the API's OpenAPI schemas compiled with ajv)
//    check types, formats and required fields of built-in kinds and of the ServiceMonitor.
// 2. Field names: those schemas accept unknown fields, as the API server's pruning does, so a
//    misspelt field would pass silently. Every object is therefore also type-checked as an
//    object literal against the models' TypeScript interfaces, whose excess-property check
//    refuses any field the API does not define. The two custom resources without a published
//    model (CloudNativePG Cluster, Spotahome RedisFailover) are checked against the strict
//    subsets in lib/types/.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const checkerDir = dirname(dirname(fileURLToPath(import.meta.url)));

// apiVersion → where its models live, for the kinds that kubernetes-models does not cover.
// `types` names a strict subset in lib/types/ (no value schema exists for those).
const kCustomKinds = {
  "monitoring.coreos.com/v1": { module: "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1" },
  "postgresql.cnpg.io/v1": { types: "./lib/types/cloudnative-pg.js" },
  "databases.spotahome.com/v1": { types: "./lib/types/redis-operator.js" },
};

// The module of a kind's model, e.g. "kubernetes-models/apps/v1/Deployment", or null.
function modelModule(apiVersion, kind) {
  const custom = kCustomKinds[apiVersion];
  if (custom?.types) return null;
  const path = `${custom ? custom.module : `kubernetes-models/${apiVersion}`}/${kind}`;
  try {
    return existsSync(fileURLToPath(import.meta.resolve(path))) ? path : null;
  } catch {
    return null; // a group or version the package does not export
  }
}

// Where the TypeScript interface of a kind lives, and its name; null for an unknown kind.
export function typeOf(apiVersion, kind) {
  const custom = kCustomKinds[apiVersion];
  if (custom?.types) {
    const text = readFileSync(join(checkerDir, custom.types.replace(/\.js$/, ".d.ts")), "utf8");
    return text.includes(`export interface I${kind} `) ? { from: custom.types, name: `I${kind}` } : null;
  }
  const module = modelModule(apiVersion, kind);
  return module ? { from: module, name: `I${kind}` } : null;
}

// Pass 1. Returns problems as strings, one per invalid value.
export async function validateValues(objects) {
  const problems = [];
  for (const object of objects) {
    const label = describe(object);
    if (kCustomKinds[object.apiVersion]?.types) {
      // No value schema beyond the strict types of pass 2, which reports unknown kinds.
      if (!typeOf(object.apiVersion, object.kind))
        problems.push(`${label}: no schema known for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    const module = modelModule(object.apiVersion, object.kind);
    if (!module) {
      problems.push(`${label}: no schema known for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    const exported = await import(module);
    const Model = exported[object.kind];
    try {
      new Model(asTheApiServerDecodesIt(object)).validate();
    } catch (error) {
      const details = (error.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
      problems.push(`${label}: ${details.length ? details.join("; ") : error.message}`);
    }
  }
  return problems;
}

// Pass 2. `groups` is [{name, objects}] (one per overlay); checks them all in one program, which
// is much faster than one per object. Returns problems as strings.
export async function validateFieldNames(groups) {
  const ts = (await import("typescript")).default;
  const imports = new Map();
  const consts = [];
  const owners = []; // [first line, last line, label] of each object's literal
  let line = 0;
  const body = [];
  for (const group of groups) {
    for (const object of group.objects) {
      const label = `${group.name}: ${describe(object)}`;
      const type = typeOf(object.apiVersion, object.kind);
      if (!type) continue; // reported by pass 1 or by the caller
      const alias = `T${imports.size}`;
      const key = `${type.from}#${type.name}`;
      if (!imports.has(key)) imports.set(key, { ...type, alias });
      const json = JSON.stringify(object, null, 2).split("\n");
      body.push(`const o${consts.length}: ${imports.get(key).alias} = ${json[0]}`, ...json.slice(1));
      owners.push({ first: line, last: line + json.length - 1, label });
      consts.push(object);
      line += json.length;
    }
  }
  const header = [...imports.values()].map(
    (t) => `import type { ${t.name} as ${t.alias} } from "${t.from}";`,
  );
  const source = [...header, ...body, "export {};"].join("\n");
  const offset = header.length;

  const fileName = join(checkerDir, "__rendered_objects__.ts");
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (
    (exists) => (f) =>
      f === fileName || exists(f)
  )(host.fileExists.bind(host));
  host.readFile = (f) => (f === fileName ? source : readFile(f));
  host.getSourceFile = (f, version, onError, create) =>
    f === fileName
      ? ts.createSourceFile(f, source, version, true)
      : getSourceFile(f, version, onError, create);
  const program = ts.createProgram([fileName], options, host);
  const lines = source.split("\n");
  const problems = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    if (diagnostic.file?.fileName !== fileName) {
      problems.push(`type definitions: ${message}`);
      continue;
    }
    const at = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line;
    const owner = owners.find((o) => at - offset >= o.first && at - offset <= o.last);
    problems.push(`${owner ? owner.label : "checker"}: ${message} (at \`${lines[at].trim()}\`)`);
  }
  return problems;
}

// kustomize wraps long base64 values of Secrets over several lines; the API server's decoder
// ignores the line breaks (Go's encoding/base64), the schema's "byte" format does not.
function asTheApiServerDecodesIt(object) {
  if (object.kind !== "Secret" || !object.data) return object;
  const data = Object.fromEntries(
    Object.entries(object.data).map(([k, v]) => [k, String(v).replace(/[\r\n]/g, "")]),
  );
  return { ...object, data };
}

export function describe(object) {
  return `${object.kind}/${object.metadata?.name ?? "(unnamed)"}`;
}
