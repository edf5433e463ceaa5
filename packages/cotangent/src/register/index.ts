/**
 * `node --import cotangent/register app.ts`: runs TypeScript directly, with Cotangent's transform, by registering
 * the module hooks of ./hooks.ts (Node ≥ 20.6). No build step and no output files.
 */
import { register } from "module";
import { pathToFileURL } from "url";

register(pathToFileURL(require.resolve("./hooks")).href);
