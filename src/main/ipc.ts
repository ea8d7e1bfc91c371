// IPC handlers for every invoke channel and every one-way channel of the contract. Each call is
// checked in the same order: the sender must be a top-level page of the app, there must be at most
// one argument (exactly one for one-way channels), and it must pass the channel's zod schema; only
// then is the work done. Every invoke failure, expected or not, becomes a rejected promise with a
// clear message; a refused one-way message is logged and dropped. Main never throws out of a handler.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { INVOKE_ARGUMENT_SCHEMAS, INVOKE_CHANNELS, SEND_ARGUMENT_SCHEMAS, SEND_CHANNELS, noArgumentsSchema, type ClaimdeskApi } from '../core/ipc/contract';
import type { AppOrigin } from './app-origin';
import type { Logger } from './logger';
import { describeIssues } from '../core/formats/annotation-schema';

export type InvokeKey = keyof typeof INVOKE_CHANNELS;
type ChannelOf<K extends InvokeKey> = (typeof INVOKE_CHANNELS)[K];
export type InvokeRequest<K extends InvokeKey> = z.output<(typeof INVOKE_ARGUMENT_SCHEMAS)[ChannelOf<K>]>;
export type InvokeResult<K extends InvokeKey> = Awaited<ReturnType<ClaimdeskApi[K]>>;

/** The work behind each channel, called only with a validated argument from a trusted sender. */
export type IpcServices = {
  [K in InvokeKey]: (request: InvokeRequest<K>, event: IpcMainInvokeEvent) => Promise<InvokeResult<K>>;
};

export type SendKey = keyof typeof SEND_CHANNELS;
export type SendRequest<K extends SendKey> = z.output<(typeof SEND_ARGUMENT_SCHEMAS)[(typeof SEND_CHANNELS)[K]]>;

/** The work behind each one-way channel, called only with a validated argument from a trusted sender. */
export type SendServices = {
  [K in SendKey]: (request: SendRequest<K>, event: IpcMainEvent) => void;
};

export interface IpcDeps extends IpcServices, SendServices {
  isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean;
  logger: Logger;
}

export type HandlerRegistry = Pick<IpcMain, 'handle' | 'on'>;

const INVOKE_KEYS = Object.keys(INVOKE_CHANNELS) as InvokeKey[];
const SEND_KEYS = Object.keys(SEND_CHANNELS) as SendKey[];

const MAX_MESSAGE_CHARS = 2000;

/** The error's message, bounded: zod quotes unknown keys, and a hostile key can be megabytes long. */
function messageOf(error: unknown): string {
  const raw = error instanceof Error && error.message ? error.message : typeof error === 'string' && error ? error : 'Unknown error';
  return raw.length > MAX_MESSAGE_CHARS ? `${raw.slice(0, MAX_MESSAGE_CHARS)}…` : raw;
}

/** A sender is trusted when its frame is the top-level frame of an app page (file: in out/renderer or the dev server). */
export function createSenderCheck(origin: AppOrigin): (event: Pick<IpcMainInvokeEvent, 'senderFrame'>) => boolean {
  return (event) => {
    const frame = event?.senderFrame;
    if (!frame) return false;
    if (frame.parent !== null) return false;
    return origin.isAppPageUrl(frame.url);
  };
}

/** Runs one call through the checks; exported so tests can drive it without an ipcMain. */
export async function handleInvoke(deps: IpcDeps, key: InvokeKey, event: IpcMainInvokeEvent, args: unknown[]): Promise<unknown> {
  const channel = INVOKE_CHANNELS[key];
  try {
    let trusted = false;
    try {
      trusted = deps.isTrustedSender(event) === true;
    } catch {
      trusted = false;
    }
    if (!trusted) throw new Error('Untrusted sender');
    if (args.length > 1) throw new Error(`Invalid argument for ${channel}: expected one argument, got ${args.length}`);
    const schema = INVOKE_ARGUMENT_SCHEMAS[channel] as z.ZodType;
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      const detail = schema === noArgumentsSchema ? 'expected no argument' : describeIssues(parsed.error.issues, 3);
      throw new Error(`Invalid argument for ${channel}: ${detail}`);
    }
    const service = deps[key] as (request: unknown, event: IpcMainInvokeEvent) => Promise<unknown>;
    return await service(parsed.data, event);
  } catch (error) {
    const message = messageOf(error);
    try {
      deps.logger.warn(`IPC ${channel} rejected: ${message.length > 300 ? `${message.slice(0, 300)}…` : message}`);
    } catch {
      // A broken logger must not turn a rejection into a crash.
    }
    throw new Error(message);
  }
}

function warn(deps: IpcDeps, message: string): void {
  try {
    deps.logger.warn(message.length > 300 ? `${message.slice(0, 300)}…` : message);
  } catch {
    // A broken logger must not turn a refusal into a crash.
  }
}

/** Runs one one-way message through the checks; true when the service ran. Never throws. */
export function handleSend(deps: IpcDeps, key: SendKey, event: IpcMainEvent, args: unknown[]): boolean {
  const channel = SEND_CHANNELS[key];
  let trusted = false;
  try {
    trusted = deps.isTrustedSender(event) === true;
  } catch {
    trusted = false;
  }
  if (!trusted) {
    warn(deps, `IPC ${channel} refused: untrusted sender`);
    return false;
  }
  if (args.length !== 1) {
    warn(deps, `IPC ${channel} refused: expected one argument, got ${args.length}`);
    return false;
  }
  const parsed = (SEND_ARGUMENT_SCHEMAS[channel] as z.ZodType).safeParse(args[0]);
  if (!parsed.success) {
    warn(deps, `IPC ${channel} refused: ${messageOf(new Error(describeIssues(parsed.error.issues, 3)))}`);
    return false;
  }
  try {
    (deps[key] as (request: unknown, event: IpcMainEvent) => void)(parsed.data, event);
    return true;
  } catch (error) {
    warn(deps, `IPC ${channel} failed: ${messageOf(error)}`);
    return false;
  }
}

/** Registers a handler for every channel in INVOKE_CHANNELS and a listener for every one in SEND_CHANNELS. */
export function registerIpcHandlers(ipcMain: HandlerRegistry, deps: IpcDeps): void {
  for (const key of INVOKE_KEYS) {
    ipcMain.handle(INVOKE_CHANNELS[key], (event, ...args: unknown[]) => handleInvoke(deps, key, event, args));
  }
  for (const key of SEND_KEYS) {
    ipcMain.on(SEND_CHANNELS[key], (event: IpcMainEvent, ...args: unknown[]) => void handleSend(deps, key, event, args));
  }
}
