/** The runtime generated code imports (`import * as __ct from "cotangent/runtime"`), re-exported so that a project
 * depending only on `cotangent` resolves it under any package manager layout. */
export * from "@cotangent/runtime";
