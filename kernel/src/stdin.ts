// input() and prompt() for cells: a line typed in the frontend, read synchronously as Python's
// input() reads it, over the stdin channel. The kernel installs the reader while a cell runs.

/** Raised where the frontend did not allow stdin (ipykernel's error and message). */
export class StdinNotImplementedError extends Error {
  constructor(message: string) { super(message); this.name = 'StdinNotImplementedError'; }
}

/** Raised when the frontend sends end-of-file (Ctrl-D) instead of a line. */
export class EOFError extends Error {
  constructor(message = '') { super(message); this.name = 'EOFError'; }
}

type Reader = (prompt: string, password: boolean) => string;
let reader: Reader | null = null;

/** Set by the kernel. */
export function setReader(r: Reader | null): void { reader = r; }

function read(prompt: unknown, password: boolean): string {
  if (!reader) throw new StdinNotImplementedError('raw_input was called, but this frontend does not support input requests.');
  return reader(prompt === undefined ? '' : String(prompt), password);
}

/**
 * Reads a line from the user, as Python's `input(prompt)` does: the frontend shows `prompt` and
 * a text box, and the cell waits for the answer (without its newline).
 *
 * @param prompt - shown before the text box
 * @param opts - `{ password: true }` hides what is typed (Python's `getpass`)
 */
export function input(prompt: unknown = '', opts?: { password?: boolean }): string {
  return read(prompt, Boolean(opts?.password));
}

/**
 * The browser's `prompt(message, default)`: reads a line like `input()`; an empty answer gives
 * `default` when one is given.
 */
export function prompt(message: unknown = '', defaultValue?: string): string {
  const value = read(message, false);
  return value === '' && defaultValue !== undefined ? defaultValue : value;
}
