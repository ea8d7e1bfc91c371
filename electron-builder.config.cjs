// Installers (`npm run dist`): Linux AppImage and deb, Windows NSIS, macOS dmg. The built app (out/)
// goes into the ASAR archive; the corpus ships beside it as resources/corpus, where main looks for it
// when packaged (src/main/corpus.ts). The Electron fuses are set in the afterPack hook
// (build/after-pack.cjs, list in build/fuses.cjs) before anything is signed. electron-builder downloads
// Electron and the packaging tools, so this cannot run on a machine without GitHub access; see the
// README's "Build installers" and docs/adr/0014.

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.claimdesk.desktop',
  productName: 'Claimdesk',
  executableName: 'claimdesk',
  copyright: 'Claimdesk',
  directories: { output: 'dist', buildResources: 'build' },
  // Only what runs: the three bundles and package.json (main's entry). Source maps, sources, tests,
  // the corpus (shipped outside the archive, below) and tooling stay out, and so does node_modules:
  // main and preload bundle their dependencies (electron.vite.config.ts), the renderer is one bundle.
  files: ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json', '!**/*.map', '!node_modules/**'],
  asar: true,
  extraResources: [{ from: 'corpus', to: 'corpus', filter: ['**/*'] }],
  // Nothing native to rebuild; and nothing is published from here.
  npmRebuild: false,
  publish: null,
  afterPack: './build/after-pack.cjs',
  // Offered in "Open with", never taken as the default app for these types: every type Import… takes
  // (src/core/ipc/import-types.ts; a test keeps the two lists equal), since a file the system hands the
  // app is read like a chosen one (documents included). mimeType: what the Linux .desktop entry lists.
  fileAssociations: [
    { ext: 'json', name: 'Claimdesk annotations', role: 'Viewer', rank: 'Alternate', mimeType: 'application/json' },
    { ext: 'jsonld', name: 'W3C Web Annotations', role: 'Viewer', rank: 'Alternate', mimeType: 'application/ld+json' },
    { ext: ['txt', 'text'], name: 'Plain text document', role: 'Viewer', rank: 'Alternate', mimeType: 'text/plain' },
    { ext: ['html', 'htm', 'xhtml'], name: 'Web page', role: 'Viewer', rank: 'Alternate', mimeType: 'text/html' },
    { ext: 'pdf', name: 'PDF document', role: 'Viewer', rank: 'Alternate', mimeType: 'application/pdf' },
    { ext: 'docx', name: 'Word document', role: 'Viewer', rank: 'Alternate', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    { ext: ['md', 'markdown'], name: 'Markdown document', role: 'Viewer', rank: 'Alternate', mimeType: 'text/markdown' },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    synopsis: 'Offline fact-checking desk',
    maintainer: 'Claimdesk',
  },
  deb: { packageCategory: 'editors' },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.productivity', hardenedRuntime: true },
  dmg: {},
};
