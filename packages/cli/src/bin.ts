/**
 * The built command line's entry (scripts/build.mjs bundles it into packages/cli/dist/kaohe.mjs):
 * run the program with this process's arguments.
 */
import { main } from "./main.ts";

process.exitCode = await main(process.argv);
