// next/jest's SWC transformer decides ES module or CommonJS output from the project's package.json
// alone. On Node.js 24 Jest loads ESM-only packages (next-auth, next-intl, …) as native ES modules,
// even through require(), and CommonJS output then fails with "exports is not defined". Jest says
// which it wants in `supportsStaticESM`: this asks next/jest for ES module output exactly then.
const path = require("node:path");
const { createTransformer } = require("next/dist/build/swc/jest-transformer.js");

module.exports = {
  createTransformer(options) {
    const inner = createTransformer(options);
    return {
      process(source, filename, transformOptions) {
        if (!transformOptions.supportsStaticESM) return inner.process(source, filename, transformOptions);
        const config = { ...transformOptions.config, extensionsToTreatAsEsm: [path.extname(filename)] };
        return inner.process(source, filename, { ...transformOptions, config });
      },
    };
  },
};
