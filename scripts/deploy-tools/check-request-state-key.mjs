// Checks that every deployment template of docs/deploy gives the server MCP_REQUEST_STATE_KEY from a secret, one
// for all its instances. The key signs the state of MCP 2026-07-28 multi round-trip requests: a client's retry may
// reach another instance than the one that signed it, and that instance must verify it. Without the key, each
// process makes a random one, and such retries fail. A literal value in the template would be shared, but it is no
// secret.
//
//   - Kubernetes (kubernetes/*.yaml): each Deployment's or StatefulSet's server container reads it with
//     valueFrom.secretKeyRef; its instances are spec.replicas, or the maxReplicas of a HorizontalPodAutoscaler.
//   - Terraform (terraform/*.tf): each Cloud Run service's container has a dynamic "env" block with
//     value_source.secret_key_ref over a local map that holds MCP_REQUEST_STATE_KEY = var.<name>, and that variable
//     is required (no default), so no instance can start without it; its instances are scaling.max_instance_count.
//   - Compose (compose/*.yaml): each service built from docs/deploy/Dockerfile (or running its image) takes it from
//     the environment or .env, required (${MCP_REQUEST_STATE_KEY:?...}); its instances are deploy.replicas, 1 by
//     default.
//
//   node check-request-state-key.mjs <docs/deploy dir>
//
// Exits 1 with one line per template that does not, saying how many instances it runs.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { parse: parseHcl } = require("@cdktf/hcl2json");
const YAML = require("yaml");

const KEY = "MCP_REQUEST_STATE_KEY";
const [deploy] = process.argv.slice(2);
if (!deploy) {
  console.error("usage: node check-request-state-key.mjs <docs/deploy dir>");
  process.exit(2);
}

const problems = [];
const checked = [];
const files = (dir, pattern) => existsSync(dir) ? readdirSync(dir).filter((name) => pattern.test(name)).sort() : [];
const instances = (count) => (count === undefined ? "an unknown number of instances"
  : `${count} instance${count === 1 ? "" : "s"}`);

// --- Kubernetes ---------------------------------------------------------------------------------------------------

for (const file of files(join(deploy, "kubernetes"), /\.ya?ml$/)) {
  const documents = YAML.parseAllDocuments(readFileSync(join(deploy, "kubernetes", file), "utf8"))
    .map((document) => document.toJS()).filter(Boolean);
  const autoscaled = new Map(documents.filter((d) => d.kind === "HorizontalPodAutoscaler")
    .map((d) => [`${d.spec?.scaleTargetRef?.kind}/${d.spec?.scaleTargetRef?.name}`, d.spec?.maxReplicas]));
  for (const workload of documents.filter((d) => d.kind === "Deployment" || d.kind === "StatefulSet")) {
    const name = `kubernetes/${file}: ${workload.kind} ${workload.metadata?.name}`;
    const autoscaledTo = autoscaled.get(`${workload.kind}/${workload.metadata?.name}`);
    const count = autoscaledTo === undefined ? instances(workload.spec?.replicas ?? 1)
      : `up to ${autoscaledTo}, HorizontalPodAutoscaler`;
    for (const container of workload.spec?.template?.spec?.containers ?? []) {
      const variable = (container.env ?? []).find((entry) => entry.name === KEY);
      const where = `${name}, container ${container.name} (${count})`;
      checked.push(where);
      if (!variable) {
        problems.push(`${where}: sets no ${KEY}; read it from a Secret with valueFrom.secretKeyRef`);
      } else if (!variable.valueFrom?.secretKeyRef?.name || !variable.valueFrom?.secretKeyRef?.key) {
        problems.push(`${where}: ${KEY} does not come from a Secret; use valueFrom.secretKeyRef`);
      }
    }
  }
}

// --- Terraform ----------------------------------------------------------------------------------------------------

const terraformDir = join(deploy, "terraform");
const terraform = { locals: {}, variable: {}, resource: {} };
for (const file of files(terraformDir, /\.tf$/)) {
  const parsed = await parseHcl(file, readFileSync(join(terraformDir, file), "utf8"));
  for (const block of parsed.locals ?? []) {
    Object.assign(terraform.locals, block);
  }
  Object.assign(terraform.variable, parsed.variable ?? {});
  for (const [type, resources] of Object.entries(parsed.resource ?? {})) {
    terraform.resource[type] = { ...(terraform.resource[type] ?? {}), ...resources };
  }
}
const variableOf = (expression) => /^\$\{var\.(\w+)\}$/.exec(String(expression ?? ""))?.[1];
for (const [name, [service]] of Object.entries(terraform.resource.google_cloud_run_v2_service ?? {})) {
  const template = service.template?.[0] ?? {};
  const maxVariable = variableOf(template.scaling?.[0]?.max_instance_count);
  const count = maxVariable ? terraform.variable[maxVariable]?.[0]?.default
    : template.scaling?.[0]?.max_instance_count;
  for (const container of template.containers ?? []) {
    if (container.dynamic === undefined && container.env === undefined) {
      continue; // a sidecar
    }
    const where = `terraform: google_cloud_run_v2_service.${name}, container ${container.name}`
      + ` (${count === undefined ? "up to an unknown number of instances" : `up to ${count}`}`
      + `${maxVariable ? ` by default, var.${maxVariable}` : ""})`;
    checked.push(where);
    const plain = (container.env ?? []).find((entry) => entry.name === KEY);
    if (plain) {
      problems.push(`${where}: ${KEY} is a plain env block; take it from Secret Manager (value_source)`);
      continue;
    }
    const fromSecrets = (container.dynamic?.env ?? [])
      .filter((block) => block.content?.[0]?.value_source?.[0]?.secret_key_ref !== undefined)
      .map((block) => /^\$\{local\.(\w+)\}$/.exec(block.for_each ?? "")?.[1]).filter(Boolean);
    const entry = fromSecrets.map((local) => [local, new RegExp(`\\b${KEY}\\s*=\\s*var\\.(\\w+)`)
      .exec(String(terraform.locals[local] ?? ""))]).find(([, match]) => match);
    if (!entry) {
      problems.push(`${where}: sets no ${KEY} from Secret Manager; add ${KEY} = var.<secret> to the map its`
        + " secret env block iterates");
      continue;
    }
    const [local, [, variable]] = entry;
    const declared = terraform.variable[variable]?.[0];
    if (!declared) {
      problems.push(`${where}: ${KEY} comes from var.${variable}, which is not declared`);
    } else if ("default" in declared) {
      problems.push(`${where}: ${KEY} comes from var.${variable} (local.${local}), which has a default; make it`
        + " required, so that no instance starts with a key of its own");
    }
  }
}

// --- Compose ------------------------------------------------------------------------------------------------------

for (const file of files(join(deploy, "compose"), /\.ya?ml$/)) {
  const compose = YAML.parse(readFileSync(join(deploy, "compose", file), "utf8")) ?? {};
  if (!compose.services) {
    continue;
  }
  for (const [name, service] of Object.entries(compose.services)) {
    const server = /(^|\/)docs\/deploy\/Dockerfile$/.test(service.build?.dockerfile ?? "")
      || /^bulwark(:|$)/.test(service.image ?? "");
    if (!server) {
      continue;
    }
    const count = service.deploy?.replicas ?? 1;
    const where = `compose/${file}: service ${name} (${instances(count)})`;
    checked.push(where);
    const environment = Array.isArray(service.environment)
      ? Object.fromEntries(service.environment.map((entry) => {
        const at = String(entry).indexOf("=");
        return at < 0 ? [entry, undefined] : [entry.slice(0, at), entry.slice(at + 1)];
      }))
      : (service.environment ?? {});
    // ${NAME:?message}: compose stops with the message when the variable is unset or empty. A bare ${NAME}, or a
    // variable passed through by name, would start the server with no key when it is missing.
    const fix = `take it from .env, required: ${KEY}: \${${KEY}:?<what to run>}`;
    if (!(KEY in environment)) {
      problems.push(`${where}: sets no ${KEY}; ${fix}`);
    } else if (!/^\$\{\w+:\?[^}]*\}$/.test(String(environment[KEY] ?? ""))) {
      problems.push(`${where}: ${KEY} is written in the file or optional; ${fix}`);
    }
  }
}

if (checked.length === 0) {
  problems.push(`no server found in the templates of ${deploy}: the check read nothing`);
}
for (const where of checked) {
  console.log(`checked: ${where}`);
}
for (const problem of problems) {
  console.error(problem);
}
process.exit(problems.length === 0 ? 0 : 1);
