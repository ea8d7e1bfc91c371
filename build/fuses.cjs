// The Electron fuses Claimdesk ships with (@electron/fuses), one list for the afterPack hook and its test.
// Every fuse @electron/fuses 1.8 knows is set explicitly. Electron releases after it may carry more
// fuses on the wire; those keep Electron's default and the afterPack hook names them in the build log
// (strict mode would fail every build: @electron/fuses 2.x, which knows them, needs Node 22).
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** @returns {import('@electron/fuses').FuseV1Config} */
function claimdeskFuses({ resetAdHocDarwinSignature = false } = {}) {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: false,
    resetAdHocDarwinSignature,
    // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node for anyone who can set it.
    [FuseV1Options.RunAsNode]: false,
    // Cookies encrypted at rest with the OS key store.
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS and --inspect/--inspect-brk would inject code or a debugger into main.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // The app.asar is checked against the hash embedded at build time (macOS and Windows), and only
    // the archive is ever loaded, so a replaced or unpacked app folder does not run.
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The app is served from app://claimdesk; file: pages need no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

module.exports = { claimdeskFuses };
