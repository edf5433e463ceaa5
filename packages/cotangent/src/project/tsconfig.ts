/**
 * Reading a project's tsconfig.json with the TypeScript API, for everything in this package that builds its own
 * Program (the CLI and the esbuild plugin). They parse with the `typescript` (6.x) that `cotangent` depends on, never
 * the project's own: the project may use TypeScript 7, which has no JavaScript API.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";

export type Ts = typeof TS;

/** Input errors (missing file, unreadable tsconfig): the CLI prints them as `error: …` and exits with 1. */
export class InputError extends Error {}

/** The TypeScript API of this package's own `typescript` dependency. */
export function loadTypeScript(): Ts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("typescript") as Ts;
}

/**
 * The tsconfig.json to use: `given` (a file, or a folder holding tsconfig.json) resolved against `cwd`, else the
 * nearest one above `cwd`, as tsc finds it; undefined when there is none. Throws InputError for a missing `given`.
 */
export function findConfig(ts: Ts, given: string | undefined, cwd: string): string | undefined {
  if (given) {
    const resolved = path.resolve(cwd, given);
    const file =
      fs.existsSync(resolved) && fs.statSync(resolved).isDirectory() ? path.join(resolved, "tsconfig.json") : resolved;
    if (!fs.existsSync(file)) throw new InputError(`tsconfig not found: ${given}`);
    return toPosix(file);
  }
  return ts.findConfigFile(cwd, ts.sys.fileExists);
}

/** A tsconfig.json's compiler options and files. Throws InputError when it cannot be read or has errors. */
export function readConfig(ts: Ts, configPath: string): TS.ParsedCommandLine {
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new InputError(flatten(ts, read.error));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configPath), undefined, configPath);
  // 18002, "The 'files' list … is empty", and 18003, "No inputs were found": the files come from the caller (command
  // line, bundler, test runner).
  const fatal = parsed.errors.filter((e) => e.code !== 18002 && e.code !== 18003);
  if (fatal.length > 0) throw new InputError(fatal.map((e) => flatten(ts, e)).join("\n"));
  return parsed;
}

function flatten(ts: Ts, d: TS.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(d.messageText, "\n");
}

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** `file` relative to `directory`, with forward slashes: how diagnostics name files. */
export function relativePath(directory: string, file: string): string {
  return toPosix(path.relative(directory, file));
}
