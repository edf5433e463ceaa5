#!/usr/bin/env node
// The `cotangent` command. A committed script rather than the built file, so that `npm ci` can link it (and mark
// it executable) before `npm run build` has produced dist/.
"use strict";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script, run as it is
const { main, packageVersion } = require("../dist/cli/main.js");

const io = {
  cwd: process.cwd(),
  version: packageVersion(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
process.exitCode = main(process.argv.slice(2), io);
