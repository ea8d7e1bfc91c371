// The one module that touches window.api: the preload's object in Electron, the browser implementation otherwise.
import type { ClaimdeskApi } from '../../core/ipc';
import { createBrowserApi } from './browser';

declare global {
  interface Window {
    api?: ClaimdeskApi;
  }
}

let instance: ClaimdeskApi | null = null;

export function getApi(): ClaimdeskApi {
  instance ??= window.api ?? createBrowserApi();
  return instance;
}

export function isElectron(): boolean {
  return window.api !== undefined;
}
