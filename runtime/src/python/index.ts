// Python's builtins the lectures print and iterate with: print, pprint, repr/str, format, tuple,
// datetime, enumerate, iter, next.
export { print, pprint } from './print';
export type { PrintOptions } from './print';
export { pformat } from './pprint';
export { repr, str, tuple, isTuple, floatRepr } from './repr';
export { format } from './format';
export { datetime, timedelta } from './datetime';
export { enumerate, iter, next } from './iteration';
