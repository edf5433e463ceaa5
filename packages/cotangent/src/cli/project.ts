/**
 * The project the CLI works on: the TypeScript API it parses with, the tsconfig.json it reads, and a Program of
 * the files named on the command line (and the files they import).
 *
 * The CLI always parses with the `typescript` (6.x) that `cotangent` depends on, never the project's own: the
 * project may use TypeScript 7, which has no JavaScript API, and derivative modules must not depend on which
 * compiler happens to be installed. The project's version only decides what we tell the user.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { findConfig, InputError, readConfig, toPosix, type Ts } from "../project/tsconfig";

export { InputError, loadTypeScript, relativePath, toPosix, type Ts } from "../project/tsconfig";

export interface Project {
  readonly ts: Ts;
  readonly program: TS.Program;
  /** The files named on the command line, as source files of the program. */
  readonly roots: readonly TS.SourceFile[];
  /** Folder of tsconfig.json, or the working directory without one. */
  readonly directory: string;
  readonly configPath: string | undefined;
  /** Where `--out-dir` mirrors the source tree from: `rootDir`, else the common folder of the program's files. */
  readonly rootDir: string;
}

/**
 * Reads tsconfig.json (`--project`, else the nearest one above the working directory, as tsc does) and builds a
 * Program of `files` with its options. Throws InputError for a missing file or an unreadable tsconfig.
 */
export function openProject(ts: Ts, files: readonly string[], projectFlag: string | undefined, cwd: string): Project {
  const absolute = files.map((f) => toPosix(path.resolve(cwd, f)));
  for (const [k, f] of absolute.entries()) {
    if (!fs.existsSync(f) || !fs.statSync(f).isFile()) throw new InputError(`file not found: ${files[k]}`);
  }
  const configPath = findConfig(ts, projectFlag, cwd);
  let options: TS.CompilerOptions = defaultOptions(ts);
  let configFiles: string[] = [];
  if (configPath) {
    const parsed = readConfig(ts, configPath);
    options = { ...parsed.options, noEmit: true };
    configFiles = parsed.fileNames.map(toPosix);
  }
  // The Program holds the named files and what they import (callees are reached through imports): the rest of the
  // project would only cost parse time. The project's files still decide the common folder, as in tsc's outDir.
  const program = ts.createProgram({ rootNames: absolute, options });
  const roots = absolute.map((f) => program.getSourceFile(f) as TS.SourceFile);
  const directory = toPosix(configPath ? path.dirname(configPath) : cwd);
  const rootDir = options.rootDir
    ? toPosix(path.resolve(directory, options.rootDir))
    : commonDirectory([...configFiles, ...absolute]);
  return { ts, program, roots, directory, configPath, rootDir };
}

/** Without a tsconfig.json: what `tsc --init` would mean for a Node project. */
function defaultOptions(ts: Ts): TS.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
}

function commonDirectory(files: readonly string[]): string {
  const dirs = files.filter((f) => !/\.d\.[cm]?ts$/.test(f)).map((f) => path.posix.dirname(f).split("/"));
  if (dirs.length === 0) return "/";
  let common = dirs[0];
  for (const d of dirs.slice(1)) {
    let k = 0;
    while (k < common.length && k < d.length && common[k] === d[k]) k++;
    common = common.slice(0, k);
  }
  return common.join("/") || "/";
}

/**
 * The version of the `typescript` package the project itself resolves (undefined when it has none): for saying
 * what works when it is TypeScript 7 (no transformer API, so no `cotangent/transform`).
 */
export function projectTypeScriptVersion(directory: string): string | undefined {
  try {
    const manifest = require.resolve("typescript/package.json", { paths: [directory] });
    return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** The note printed when the project's TypeScript is 7 or newer; undefined otherwise. */
export function typeScript7Note(projectVersion: string | undefined, ownVersion: string): string | undefined {
  if (!projectVersion || Number(projectVersion.split(".")[0]) < 7) return undefined;
  return (
    `note: this project uses TypeScript ${projectVersion}, which has no transformer API, so the in-compiler ` +
    `transform (cotangent/transform with tspc) cannot run in it and marker calls such as grad(f) are not ` +
    `replaced. 'cotangent emit' works: it parses with its own TypeScript ${ownVersion} and writes derivative ` +
    `modules (f_jvp, f_vjp) that TypeScript ${projectVersion.split(".")[0]} and any bundler compile.`
  );
}
