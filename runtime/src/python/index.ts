// Python's builtins the lectures print with: print, pprint, repr/str, format, tuple, datetime.
export { print, pprint } from './print';
export type { PrintOptions } from './print';
export { pformat } from './pprint';
export { repr, str, tuple, isTuple, floatRepr } from './repr';
export { format } from './format';
export { datetime, timedelta } from './datetime';
