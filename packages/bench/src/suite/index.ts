/** Every benchmark problem, in report order. */
import type { Problem } from "../harness/problem";
import { gmmProblem } from "./gmm";
import { mlpProblem } from "./mlp";
import { rosenbrockProblem } from "./rosenbrock";

export const PROBLEMS: readonly Problem[] = [rosenbrockProblem, gmmProblem, mlpProblem];
