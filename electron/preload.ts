// The sandboxed preload: exposes exactly one object, `window.copper`, and nothing of
// ipcRenderer itself. Payloads only ever cross; Electron's event object never does.
// Bundled to dist/electron/preload.cjs with 'electron' as its only require (sandbox rule).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type {
  CallName,
  CallRequest,
  CallResponse,
  CopperBridge,
  EventName,
  EventPayload,
  InvokeResult,
} from '../shared/ipc/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './app-origin';

const bridge: CopperBridge & { pathForFile(file: File): string } = {
  async invoke<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>> {
    const result = (await ipcRenderer.invoke(INVOKE_CHANNEL, name, request)) as InvokeResult<CallResponse<K>>;
    // A plain {code, message, retryable} object survives contextBridge intact; an Error's own fields would not.
    if (!result.ok) return Promise.reject(result.error);
    return result.value;
  },
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, eventName: unknown, payload: unknown) => {
      if (eventName === name) listener(payload as EventPayload<K>);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
  // Electron 32+ no longer puts `path` on File; only the preload can ask for it.
  pathForFile: (file: File) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('copper', bridge);
