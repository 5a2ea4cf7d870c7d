/**
 * A Worker stand-in for the bridge's unit tests: comlink exposes `api` on the far end of a
 * MessageChannel, so calls go through comlink and structured clone as with a real worker.
 */
import { expose } from 'comlink';
import type { WorkerPort } from './workerBridge';

export class FakeWorker extends EventTarget implements WorkerPort {
  terminated = false;
  private readonly channel = new MessageChannel();

  constructor(api: object) {
    super();
    expose(api, this.channel.port2);
    this.channel.port1.addEventListener('message', (e) => this.dispatchEvent(new MessageEvent('message', { data: e.data })));
    this.channel.port1.start();
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.channel.port1.postMessage(message, transfer);
  }

  terminate(): void {
    this.terminated = true;
    this.close();
  }

  /** Closes both ports (tests call it after each test). */
  close(): void {
    this.channel.port1.close();
    this.channel.port2.close();
  }
}
