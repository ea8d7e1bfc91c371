// The sandboxed preload: exposes window.api (the contract's ClaimdeskApi) and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './api';

contextBridge.exposeInMainWorld('api', buildApi(ipcRenderer));
