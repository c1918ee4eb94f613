// Preloaded into every Jest process (package.json's test scripts).
// Note: on Node 24.9+ Jest 30 loads ESM-only packages (next-auth, next-intl, …) natively, and from
// there a named import of a CommonJS module such as next/server fails ("does not provide an export
// named 'NextRequest'"). Jest chooses that path when vm.SourceTextModule has hasAsyncGraph; without it
// Jest transforms those packages to CommonJS as it does on Node 22, which is what jest.config.mjs's
// transformIgnorePatterns is written for.
const vm = require("node:vm");
if (vm.SourceTextModule && "hasAsyncGraph" in vm.SourceTextModule.prototype) delete vm.SourceTextModule.prototype.hasAsyncGraph;
