interface Waiter {
  check: () => boolean;
}

/**
 * The conditions a test is waiting on: each is re-checked on every change in the
 * loopback, and every 50 ms for conditions on the bot's own state.
 */
export class ConditionWaiters {
  private readonly waiters = new Set<Waiter>();

  /**
   * Resolves with the first value of `check` that is not undefined, null or false. A
   * throwing check counts as "not yet"; on timeout the error names the condition and
   * its last error.
   */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let lastError: unknown;
      const waiter: Waiter = {
        check: () => {
          try {
            const value = check();
            if (value === undefined || value === null || value === false) return false;
            done();
            resolve(value);
            return true;
          } catch (error) {
            lastError = error;
            return false;
          }
        },
      };
      const poll = setInterval(() => waiter.check(), 50);
      const timer = setTimeout(() => {
        done();
        const source = check.toString().replace(/\s+/g, ' ').slice(0, 200);
        const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
        reject(new Error(`waitFor: not met within ${timeoutMs} ms: ${source}${cause}`));
      }, timeoutMs);
      const done = () => {
        clearInterval(poll);
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (waiter.check()) return;
      this.waiters.add(waiter);
    });
  }

  /** Something in the loopback changed: re-checks every pending condition. */
  changed(): void {
    for (const w of [...this.waiters]) w.check();
  }

  /** Stops re-checking on changes (the loopback is closing); polls and timeouts still end each wait. */
  clear(): void {
    this.waiters.clear();
  }
}
