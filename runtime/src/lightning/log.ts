// How Lightning talks: its INFO and WARNING log records go to stderr as bare messages (the
// `pytorch_lightning` logger gets a plain StreamHandler when the root logger has none, as in a
// notebook), its warnings through Python's warnings, and misuse raises MisconfigurationException.
import { warn } from '../warnings';

export class MisconfigurationException extends Error { override name = 'MisconfigurationException'; }

/** rank_zero_info / log.info / log.warning of the `pytorch_lightning` logger. */
export function rank_zero_info(message: string): void { process.stderr.write(`${message}\n`); }

/** rank_zero_warn: a Python warning (UserWarning, or PossibleUserWarning for likely mistakes). */
export function rank_zero_warn(message: string, category = 'UserWarning'): void { warn(message, category); }
