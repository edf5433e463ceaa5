/** Every benchmark problem, in report order. */
import type { Problem } from "../harness/problem";
import { baProblem } from "./ba";
import { gmmProblem } from "./gmm";
import { lstmProblem } from "./lstm";
import { mlpProblem } from "./mlp";
import { odeProblem } from "./ode";
import { rosenbrockProblem } from "./rosenbrock";

export const PROBLEMS: readonly Problem[] = [
  rosenbrockProblem,
  gmmProblem,
  baProblem,
  mlpProblem,
  lstmProblem,
  odeProblem,
];
