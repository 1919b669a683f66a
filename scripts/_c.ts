import { run } from "../src/cli/main";
process.exitCode = run(process.argv.slice(2));
