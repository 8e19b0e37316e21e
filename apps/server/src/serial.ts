import { type Db, runSerialised } from '@klankbord/db';

/** How a step also waits for the steps of its key on other instances (see reportSteps). */
export type AcrossInstances<K> = <T>(key: K, step: () => Promise<T>) => Promise<T>;

/**
 * Runs steps one at a time per key, in the order they were asked for, e.g. every change to one verslag:
 * a step that checks "not finalised" and then changes the document can no longer interleave with finalising.
 * Within the process by a chain of promises per key; with `acrossInstances`, each step also takes that lock.
 * The chain comes first, so that an instance waits for another's lock with one step per key, not with all.
 */
export class Serial<K> {
  private readonly tails = new Map<K, Promise<unknown>>();

  constructor(private readonly acrossInstances?: AcrossInstances<K>) {}

  /** Runs `step` once every earlier step of this key has settled; resolves or rejects as it does. */
  run<T>(key: K, step: () => Promise<T>): Promise<T> {
    const across = this.acrossInstances;
    const guarded = across ? () => across(key, step) : step;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(guarded, guarded);
    const tail = result.catch(() => {});
    this.tails.set(key, tail);
    // The map holds a key only while steps of it are queued or running.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/**
 * The steps that change a meeting's verslag, one at a time per meeting on every instance. A step spans several
 * transactions and writes the document through the collaboration server (finalising: mark final, close the
 * writers, read the stored state, store the version), so no one transaction can wrap it; instead a transaction
 * of its own holds an advisory lock on the meeting while the step runs (runSerialised). A transaction-level lock
 * rather than a session-level one: it goes with a commit, a rollback or a lost connection, and can never be
 * left behind on a pooled connection. On SQLite (one process) the chain alone does it.
 */
export function serialReportSteps(db: Db): Serial<number> {
  return new Serial<number>((meetingId, step) => runSerialised(db, 'report', meetingId, step));
}
