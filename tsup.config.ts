import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library: ESM and CommonJS with type declarations; dependencies stay dependencies.
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    target: "node20",
    platform: "node",
    sourcemap: true,
    clean: true,
    splitting: false,
    // An ESM-only helper is bundled, so that the CommonJS build can load it too; chevrotain is
    // bundled, so that importing reckon does not resolve and load the ~600 small modules of its
    // lodash-es (250 ms of a 430 ms import). Both are devDependencies: the package needs them only
    // at build time.
    noExternal: ["get-east-asian-width", "chevrotain", /^@chevrotain\//, "lodash-es"],
  },
  {
    // The command line: one self-contained file, so that start-up does not resolve and load the
    // hundreds of small modules its dependencies are made of (chevrotain's lodash-es alone has ~600).
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    // No source map: the command line prints no stack trace, and its map (2.9 MB) was a third of
    // the package. The library keeps its maps, for the stack traces of the programs that embed it.
    sourcemap: false,
    splitting: false,
    noExternal: [/.*/],
    banner: { js: "import { createRequire as __reckonCreateRequire } from 'node:module'; const require = __reckonCreateRequire(import.meta.url);" },
  },
]);
