// Checks that every alert of the given Prometheus rule files links to its runbook section: the annotation runbook_url
// is a Markdown file of the repository and an anchor (docs/runbook.md#bulwarkdown), the file exists, one of its
// headings has that anchor (as GitHub makes them), and the section says what the alert means, what to look at and
// what to do (its paragraphs "**Means.**", "**Look at.**" and "**Do.**").
//
//   node check-runbook-links.mjs <repository root> <rules file>...
//
// Exits 1 with one line per alert whose link does not resolve.
import { readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const YAML = require("yaml");

const [root, ...ruleFiles] = process.argv.slice(2);
if (!root || ruleFiles.length === 0) {
  console.error("usage: node check-runbook-links.mjs <repository root> <rules file>...");
  process.exit(2);
}
const PARTS = ["**Means.**", "**Look at.**", "**Do.**"];

/** GitHub's anchor of a heading: lower case, punctuation but - and _ dropped, spaces as -. */
const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");

/** The sections of a Markdown file by anchor, each with its text up to the next heading of its level or above. */
function sections(file) {
  const lines = readFileSync(file, "utf8").split("\n");
  const found = new Map();
  const seen = new Map();
  let fenced = false;
  const headings = [];
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
    }
    const match = fenced ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (match) {
      headings.push({ level: match[1].length, text: match[2], index });
    }
  });
  headings.forEach((heading, at) => {
    const base = slug(heading.text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    const end = headings.slice(at + 1).find((next) => next.level <= heading.level)?.index ?? lines.length;
    found.set(count === 0 ? base : `${base}-${count}`, lines.slice(heading.index + 1, end).join("\n"));
  });
  return found;
}

const problems = [];
let alerts = 0;
const cache = new Map();
for (const rulesFile of ruleFiles) {
  const rules = YAML.parse(readFileSync(rulesFile, "utf8"));
  for (const group of rules?.groups ?? []) {
    for (const rule of (group.rules ?? []).filter((r) => r.alert)) {
      alerts++;
      const where = `${relative(root, rulesFile)}: ${rule.alert}`;
      const link = rule.annotations?.runbook_url;
      const match = /^([\w./-]+\.md)#([\w-]+)$/.exec(link ?? "");
      if (!match) {
        problems.push(`${where}: ${link ? `runbook_url ${link} is not <file>.md#<anchor>` : "no runbook_url annotation"}`
          + "; link its section of docs/runbook.md");
        continue;
      }
      const [, path, anchor] = match;
      const file = join(root, path);
      if (!existsSync(file)) {
        problems.push(`${where}: runbook_url names ${path}, which does not exist`);
        continue;
      }
      if (!cache.has(file)) {
        cache.set(file, sections(file));
      }
      const section = cache.get(file).get(anchor);
      if (section === undefined) {
        problems.push(`${where}: ${path} has no heading with the anchor #${anchor}`);
        continue;
      }
      const missing = PARTS.filter((part) => !section.includes(part));
      if (missing.length > 0) {
        problems.push(`${where}: ${path}#${anchor} lacks ${missing.join(", ")} (what it means, what to look at, what`
          + " to do)");
      }
    }
  }
}
if (alerts === 0) {
  problems.push("no alert found in the rule files: the check read nothing");
}
console.log(`checked the runbook links of ${alerts} alerts`);
for (const problem of problems) {
  console.error(problem);
}
process.exit(problems.length === 0 ? 0 : 1);
