// Fakes of the few Electron objects main-process modules take, for Node unit tests (Electron's
// binary cannot run here, and importing 'electron' in Node tries to download it).
import { EventEmitter } from 'node:events';

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
  url?: string;
  isSameDocument?: boolean;
  isMainFrame?: boolean;
}

export function fakeEvent(details: Omit<FakeEvent, 'defaultPrevented' | 'preventDefault'> = {}): FakeEvent {
  return {
    ...details,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
}

type Callback<T> = (value: T) => void;

export class FakeSession {
  permissionRequestHandler: ((wc: unknown, permission: string, callback: Callback<boolean>, details: unknown) => void) | null = null;
  permissionCheckHandler: ((wc: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  beforeRequest: ((details: { url: string }, callback: Callback<{ cancel?: boolean }>) => void) | null = null;
  headersReceived:
    | ((details: { url: string; responseHeaders?: Record<string, string[]> }, callback: Callback<{ responseHeaders?: Record<string, string[]> }>) => void)
    | null = null;

  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }
  webRequest = {
    onBeforeRequest: (handler: FakeSession['beforeRequest']) => {
      this.beforeRequest = handler;
    },
    onHeadersReceived: (handler: FakeSession['headersReceived']) => {
      this.headersReceived = handler;
    },
  };

  /** Runs the request filter; true when the request would be cancelled. */
  isCancelled(url: string): boolean {
    let cancelled: boolean | undefined;
    this.beforeRequest?.({ url }, (response) => {
      cancelled = response.cancel === true;
    });
    if (cancelled === undefined) throw new Error('request filter did not answer');
    return cancelled;
  }

  requestPermission(permission: string): boolean {
    let granted: boolean | undefined;
    this.permissionRequestHandler?.(null, permission, (g) => (granted = g), {});
    if (granted === undefined) throw new Error('permission handler did not answer');
    return granted;
  }

  headersFor(url: string, responseHeaders?: Record<string, string[]>): Record<string, string[]> {
    let out: Record<string, string[]> | undefined;
    this.headersReceived?.({ url, responseHeaders }, (response) => (out = response.responseHeaders));
    if (!out) throw new Error('headers handler did not answer');
    return out;
  }
}
