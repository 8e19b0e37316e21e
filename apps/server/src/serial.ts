/**
 * Runs steps one at a time per key, in the order they were asked for, e.g. every change to one verslag:
 * a step that checks "not finalised" and then changes the document can no longer interleave with finalising.
 */
export class Serial<K> {
  private readonly tails = new Map<K, Promise<unknown>>();

  /** Runs `step` once every earlier step of this key has settled; resolves or rejects as it does. */
  run<T>(key: K, step: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(step, step);
    const tail = result.catch(() => {});
    this.tails.set(key, tail);
    // The map holds a key only while steps of it are queued or running.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
