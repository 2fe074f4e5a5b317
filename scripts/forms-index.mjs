#!/usr/bin/env node
/**
 * Writes core/forms/profiles/index.ts: the list of the form profiles, one import per data file of that
 * folder. Adding a province's form is a data file there (and its worked example and test), then
 * `node scripts/forms-index.mjs` (also run by `npm run generate`); test/core/forms.test.ts fails while
 * the list and the folder differ.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../core/forms/profiles/", import.meta.url));

/** The profile files of the folder (every .ts file but the list itself), sorted. */
export function profileFiles(names) {
  return names.filter((f) => f.endsWith(".ts") && f !== "index.ts").sort();
}

/** The list's source for those files. */
export function indexSource(files) {
  const ids = files.map((f) => f.replace(/\.ts$/, ""));
  const name = (i) => `p${i}`;
  return [
    "// Written by scripts/forms-index.mjs from the files of this folder (npm run generate); do not edit.",
    ...ids.map((id, i) => `import ${name(i)} from "./${id}.js";`),
    "",
    "/** Every form profile's data, with the name of its file. */",
    "export const PROFILE_DATA = [",
    ...ids.map((id, i) => `  { file: "${id}", data: ${name(i)} },`),
    "];",
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = profileFiles(readdirSync(dir));
  writeFileSync(`${dir}index.ts`, indexSource(files));
  process.stdout.write(`core/forms/profiles/index.ts: ${files.length} profiles\n`);
}
