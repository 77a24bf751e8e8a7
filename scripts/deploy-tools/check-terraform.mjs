// Checks the Terraform files of a directory without Terraform and without the provider: each file must parse as
// HCL (@cdktf/hcl2json, the HCL parser compiled to WebAssembly), and every resource and data source, block and
// argument must be one the Google provider's schema has. The schema is read from the TypeScript declarations of
// @cdktf/provider-google (generated from the provider's schema; each argument's documentation link carries its
// Terraform name), unpacked by scripts/check-deploy.sh.
//
//   node check-terraform.mjs <terraform dir> <@cdktf/provider-google lib dir>
//
// Exits 1 with one line per problem. Expressions are not evaluated: a value's type is Terraform's to check.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { parse } = require("@cdktf/hcl2json");

const [dir, providerLib] = process.argv.slice(2);
if (!dir || !providerLib) {
  console.error("usage: node check-terraform.mjs <terraform dir> <@cdktf/provider-google lib dir>");
  process.exit(2);
}

const TOP_LEVEL = new Set(["terraform", "variable", "locals", "resource", "data", "output", "provider", "module",
  "moved", "import", "check", "removed"]);
const META_ARGUMENTS = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner",
  "connection"]);
const problems = [];
const schemas = new Map();

/** The configuration interfaces of one resource's declarations: name -> Map(terraform name -> type). */
function interfacesOf(file) {
  if (schemas.has(file)) {
    return schemas.get(file);
  }
  const text = readFileSync(file, "utf8");
  const interfaces = new Map();
  for (const match of text.matchAll(/^export interface (\w+)(?: extends [^{]+)? \{\n([\s\S]*?)^\}/gm)) {
    const properties = new Map();
    const property = /\{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/google\/[^\s#]+#(\w+) [^}]*\}[\s\S]*?\*\/\s*readonly \w+\??: ([^;]+);/g;
    for (const [, name, type] of match[2].matchAll(property)) {
      properties.set(name, type);
    }
    interfaces.set(match[1], properties);
  }
  schemas.set(file, interfaces);
  return interfaces;
}

const pascal = (snake) => snake.split("_").map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("");

function rootSchema(kind, type) {
  if (!type.startsWith("google_")) {
    problems.push(`${kind} ${type}: not a resource of the google provider`);
    return null;
  }
  const bare = type.slice("google_".length);
  const module = (kind === "data" ? "data-google-" : "") + bare.replaceAll("_", "-");
  const file = join(providerLib, module, "index.d.ts");
  if (!existsSync(file)) {
    problems.push(`${kind} ${type}: the google provider has no such ${kind === "data" ? "data source" : "resource"}`);
    return null;
  }
  const interfaces = interfacesOf(file);
  const root = (kind === "data" ? "DataGoogle" : "") + pascal(bare) + "Config";
  if (!interfaces.has(root)) {
    problems.push(`${kind} ${type}: no ${root} in ${file}`);
    return null;
  }
  return { interfaces, root };
}

/** The nested block's interface a property's type names, if any. */
function nestedInterface(interfaces, type) {
  for (const identifier of type.match(/\b[A-Z]\w*\b/g) ?? []) {
    if (interfaces.has(identifier)) {
      return identifier;
    }
  }
  return null;
}

function checkBody(where, body, interfaces, name, top) {
  const properties = interfaces.get(name);
  for (const [key, value] of Object.entries(body)) {
    if (top && META_ARGUMENTS.has(key)) {
      continue;
    }
    if (key === "dynamic") {
      for (const [block, entries] of Object.entries(value)) {
        for (const entry of entries) {
          for (const content of entry.content ?? []) {
            checkProperty(`${where}.dynamic.${block}`, block, [content], interfaces, properties);
          }
        }
      }
      continue;
    }
    checkProperty(`${where}.${key}`, key, value, interfaces, properties);
  }
}

function checkProperty(where, key, value, interfaces, properties) {
  if (!properties.has(key)) {
    problems.push(`${where}: not an argument or block of the google provider's schema`);
    return;
  }
  const nested = nestedInterface(interfaces, properties.get(key));
  if (nested && Array.isArray(value)) {
    value.forEach((block) => {
      if (block && typeof block === "object" && !Array.isArray(block)) {
        checkBody(where, block, interfaces, nested, false);
      }
    });
  }
}

const files = readdirSync(dir).filter((file) => file.endsWith(".tf")).sort();
if (files.length === 0) {
  problems.push(`${dir}: no .tf files`);
}
let checked = 0;
for (const file of files) {
  let json;
  try {
    json = await parse(file, readFileSync(join(dir, file), "utf8"));
  } catch (error) {
    problems.push(`${file}: ${String(error.message ?? error).trim()}`);
    continue;
  }
  for (const [kind, blocks] of Object.entries(json)) {
    if (!TOP_LEVEL.has(kind)) {
      problems.push(`${file}: unknown top-level block ${kind}`);
      continue;
    }
    if (kind !== "resource" && kind !== "data") {
      continue;
    }
    for (const [type, named] of Object.entries(blocks)) {
      const schema = rootSchema(kind, type);
      if (!schema) {
        continue;
      }
      for (const [name, bodies] of Object.entries(named)) {
        for (const body of bodies) {
          checkBody(`${file}: ${kind === "data" ? "data." : ""}${type}.${name}`, body, schema.interfaces, schema.root,
            true);
          checked++;
        }
      }
    }
  }
}

if (problems.length > 0) {
  problems.forEach((problem) => console.error(`terraform: ${problem}`));
  process.exit(1);
}
console.log(`terraform: ${files.length} files parse; ${checked} resources and data sources match the provider's schema`);
