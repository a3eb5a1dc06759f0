// An import resolver for eslint-plugin-boundaries: the sources import './x.js' (NodeNext ESM) while the file on
// disk is './x.ts', which the node resolver cannot find, and an unresolved import would escape the layer rules.
const { existsSync, statSync } = require('node:fs');
const { builtinModules, createRequire } = require('node:module');
const path = require('node:path');

const isFile = (candidate) => existsSync(candidate) && statSync(candidate).isFile();

module.exports = {
  interfaceVersion: 2,
  resolve(source, file) {
    if (source.startsWith('.') || source.startsWith('/')) {
      const target = path.resolve(path.dirname(file), source);
      const candidates = target.endsWith('.js') ? [`${target.slice(0, -3)}.ts`, target] : [target, `${target}.ts`, path.join(target, 'index.ts')];
      const found = candidates.find(isFile);
      return found ? { found: true, path: found } : { found: false };
    }
    if (source.startsWith('node:') || builtinModules.includes(source)) return { found: true, path: null };
    try {
      return { found: true, path: createRequire(file).resolve(source) };
    } catch {
      // packages that export only an `import` condition: still a package, not a local file
      return { found: true, path: null };
    }
  },
};
