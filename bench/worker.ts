import { Worker } from 'node:worker_threads';

/**
 * Starts a TypeScript module in a worker thread, with a typed request/answer helper.
 * Benchmarks run the loopback Discord there: Discord is another machine, so its clock
 * and event loop must not stall with the bot's. Workers do not inherit the tsx loader,
 * so the worker registers it before loading the module.
 */
export function startWorker(moduleUrl: URL, workerData: unknown) {
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); });`,
    { eval: true, workerData },
  );
  worker.on('error', (error) => {
    console.error('benchmark worker failed:', error);
    process.exit(1);
  });
  /** Waits for the next message of a kind. */
  const next = <T>(kind: string) =>
    new Promise<T>((resolve) => {
      const listener = (message: { kind: string }) => {
        if (message.kind !== kind) return;
        worker.off('message', listener);
        resolve(message as T);
      };
      worker.on('message', listener);
    });
  return {
    next,
    /** Sends a request and waits for the answer of the same kind. */
    ask<T>(message: { kind: string } & Record<string, unknown>): Promise<T> {
      const answer = next<T>(message.kind);
      worker.postMessage(message);
      return answer;
    },
    async close() {
      worker.postMessage({ kind: 'close' });
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}
