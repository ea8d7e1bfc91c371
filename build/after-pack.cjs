// electron-builder afterPack hook: flips the Electron fuses (build/fuses.cjs) in the packed binary,
// before signing. Where the binary sits follows electron-builder's own addElectronFuses.
const { join } = require('node:path');
const { FuseV1Options, flipFuses, getCurrentFuseWire } = require('@electron/fuses');
const { claimdeskFuses } = require('./fuses.cjs');

/** electron-builder's Arch.arm64. */
const ARCH_ARM64 = 3;

/** The path @electron/fuses takes for this platform's packed app. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // An arm64 macOS binary must keep a valid (ad-hoc) signature after its bytes change.
  const fuses = claimdeskFuses({ resetAdHocDarwinSignature: isMac && context.arch === ARCH_ARM64 });
  const path = electronBinaryPath(context);
  await flipFuses(path, fuses);
  // Fuses newer than @electron/fuses 1.8 keep Electron's default: say so, so a release review sees them.
  const wire = await getCurrentFuseWire(path);
  const unknown = Object.keys(wire).filter((k) => k !== 'version' && FuseV1Options[Number(k)] === undefined);
  if (unknown.length > 0) console.warn(`Claimdesk afterPack: fuses ${unknown.join(', ')} of this Electron are not set by build/fuses.cjs and keep Electron's defaults`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.electronBinaryPath = electronBinaryPath;
