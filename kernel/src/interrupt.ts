// Interrupt state shared by the main thread (which runs cells) and the control thread (which
// receives interrupt_request): an Int32Array over a SharedArrayBuffer, readable by the main
// thread while it is blocked in a cell, where no message can reach it.

/** Slots of the shared state. */
export const enum Slot {
  /** Interrupt requests received so far (the control thread adds one per request). */
  epoch,
  /** What the main thread is doing: a `Phase`. */
  phase,
  /** A pending `input()`: 0 while waiting, 1 when the reply is ready, 2 when interrupted. */
  stdin,
  /** Set once a shutdown was requested on the control channel. */
  shutdown,
  /** The last interrupt the main thread acted on (the epoch it had seen). */
  handled,
  size,
}

export const enum Phase {
  /** Idle, awaiting, or running the kernel's own code. */
  other,
  /** Compiling a cell (an interrupt is honoured as soon as the compiler returns). */
  compiling,
  /** Running JavaScript under `breakOnSigint`, where SIGINT stops it. */
  breakable,
}

export class KeyboardInterrupt extends Error {
  constructor(message = '') { super(message); this.name = 'KeyboardInterrupt'; }
}

/** The main thread's view: interrupts arrived since it last looked, and its phase. */
export class InterruptState {
  private seen = 0;
  constructor(readonly shared: Int32Array) {}

  get epoch(): number { return Atomics.load(this.shared, Slot.epoch); }
  pending(): boolean { return Atomics.load(this.shared, Slot.epoch) !== this.seen; }
  /** Marks every interrupt so far as handled. */
  consume(): void {
    this.seen = Atomics.load(this.shared, Slot.epoch);
    Atomics.store(this.shared, Slot.handled, this.seen);
  }
  /** Throws KeyboardInterrupt if an interrupt arrived since the last look. Cells call this in every loop. */
  readonly check = (): void => {
    if (Atomics.load(this.shared, Slot.epoch) !== this.seen) { this.consume(); throw new KeyboardInterrupt(); }
  };

  /** Runs `fn` in a phase, restoring the previous one after. */
  within<T>(phase: Phase, fn: () => T): T {
    const before = Atomics.exchange(this.shared, Slot.phase, phase);
    try { return fn(); } finally { Atomics.store(this.shared, Slot.phase, before); }
  }
}

export function newSharedState(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Slot.size * 4));
}
