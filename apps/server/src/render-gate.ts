/**
 * How many renderings of a verslag (Word, PDF, HTML, the print view, the published text) run at once. One with
 * 16 MiB of images holds about 100 MiB and up to seconds of CPU; 30 of them started together by one person
 * (within their per-minute allowance) held over 1 GiB. So the renderings of one person (or address) run one
 * after another, and the process runs at most `slots` at a time, in order of arrival; the rest wait their turn.
 * Waiting costs little: nothing is loaded before a rendering's turn comes.
 */
export class RenderGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Per person, the end of their last rendering in line: theirs run one after another. */
  private readonly lines = new Map<string, Promise<void>>();

  constructor(private readonly slots: number) {}

  /** Runs `work` once it is the turn of `key`'s next rendering and a slot is free. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.lines.get(key) ?? Promise.resolve();
    let done!: () => void;
    const line = before.then(() => new Promise<void>((resolve) => (done = resolve)));
    this.lines.set(key, line);
    await before;
    try {
      await this.acquire();
      try {
        return await work();
      } finally {
        this.release();
      }
    } finally {
      done();
      if (this.lines.get(key) === line) this.lines.delete(key);
    }
  }

  /** How many renderings run now, and how many people have one waiting or running (for tests and metrics). */
  get load(): { running: number; people: number } {
    return { running: this.running, people: this.lines.size };
  }

  private acquire(): Promise<void> {
    if (this.running < this.slots) {
      this.running++;
      return Promise.resolve();
    }
    // The slot is handed over by `release`, so `running` stays counted for whoever takes it.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

const gates = new WeakMap<object, RenderGate>();

/** The one gate of an app (its deps), shared by every route that renders a verslag: two at a time, as the cores. */
export function renderGateOf(deps: object): RenderGate {
  let gate = gates.get(deps);
  if (!gate) {
    gate = new RenderGate(2);
    gates.set(deps, gate);
  }
  return gate;
}
