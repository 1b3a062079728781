// valibot and i18next declare TypeScript as an optional peer (for their types only). pnpm
// resolves an optional peer whenever the package is anywhere in the graph, here from the root's
// devDependencies, so `pnpm install --prod` in a deployed copy would store TypeScript. Dropping
// that peer changes peer resolution only: no version of any package changes.
const DROP = { valibot: 'typescript', i18next: 'typescript' };

module.exports = {
  hooks: {
    readPackage(pkg) {
      const peer = DROP[pkg.name];
      if (peer && pkg.peerDependenciesMeta?.[peer]?.optional) {
        delete pkg.peerDependencies[peer];
        delete pkg.peerDependenciesMeta[peer];
      }
      return pkg;
    },
  },
};
