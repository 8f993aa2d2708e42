// Python's datetime.datetime and datetime.timedelta for timing cells: `datetime.now()` (local
// time, microseconds from the high-resolution clock) and differences that print as Python's
// timedelta does, e.g. `0:00:09.207511`. JavaScript has no operator overloading, so
// `datetime.now() - start` is written `datetime.now().sub(start)` (also `__sub__`).
import { ValueError } from '../errors';

const US_PER_DAY = 86_400_000_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Python's timedelta: days, seconds (0..86399) and microseconds (0..999999), normalized as Python does. */
export class timedelta {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;

  constructor(o: { days?: number; seconds?: number; microseconds?: number; milliseconds?: number; minutes?: number; hours?: number; weeks?: number } = {}) {
    const us = Math.round(((o.weeks ?? 0) * 7 + (o.days ?? 0)) * US_PER_DAY + ((o.hours ?? 0) * 3600 + (o.minutes ?? 0) * 60 + (o.seconds ?? 0)) * 1e6
      + (o.milliseconds ?? 0) * 1e3 + (o.microseconds ?? 0));
    if (!Number.isSafeInteger(us)) throw new ValueError('timedelta out of range');
    this.days = Math.floor(us / US_PER_DAY);
    const rest = us - this.days * US_PER_DAY;
    this.seconds = Math.floor(rest / 1e6);
    this.microseconds = rest - this.seconds * 1e6;
  }

  static fromMicroseconds(us: number): timedelta { return new timedelta({ microseconds: us }); }

  /** The whole span in microseconds. */
  private get us(): number { return this.days * US_PER_DAY + this.seconds * 1e6 + this.microseconds; }
  total_seconds(): number { return this.us / 1e6; }
  __add__(o: timedelta): timedelta { return timedelta.fromMicroseconds(this.us + o.us); }
  __sub__(o: timedelta): timedelta { return timedelta.fromMicroseconds(this.us - o.us); }
  add(o: timedelta): timedelta { return this.__add__(o); }
  sub(o: timedelta): timedelta { return this.__sub__(o); }
  valueOf(): number { return this.total_seconds(); }

  /** `[D day[s], ]H:MM:SS[.ffffff]`, as str(timedelta). */
  toString(): string {
    const h = Math.floor(this.seconds / 3600), m = Math.floor((this.seconds % 3600) / 60), s = this.seconds % 60;
    const day = this.days ? `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ` : '';
    return `${day}${h}:${pad(m)}:${pad(s)}${this.microseconds ? '.' + pad(this.microseconds, 6) : ''}`;
  }
  __str__(): string { return this.toString(); }
  __repr__(): string {
    const parts = [['days', this.days], ['seconds', this.seconds], ['microseconds', this.microseconds]].filter(([, v]) => v !== 0);
    return `datetime.timedelta(${parts.length ? parts.map(([k, v]) => `${k}=${v}`).join(', ') : '0'})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** Microseconds since the epoch from the high-resolution clock. */
function nowMicros(): number { return Math.round((performance.timeOrigin + performance.now()) * 1000); }

/** Python's naive local datetime.datetime, to microseconds. */
export class datetime {
  /** Microseconds since the epoch (UTC); fields are read in local time, as Python's naive datetimes are. */
  private constructor(private readonly us: number) {}

  static now(): datetime { return new datetime(nowMicros()); }
  static today(): datetime { return datetime.now(); }
  static fromtimestamp(t: number): datetime { return new datetime(Math.round(t * 1e6)); }

  private get date(): Date { return new Date(Math.floor(this.us / 1000)); }
  get year(): number { return this.date.getFullYear(); }
  get month(): number { return this.date.getMonth() + 1; }
  get day(): number { return this.date.getDate(); }
  get hour(): number { return this.date.getHours(); }
  get minute(): number { return this.date.getMinutes(); }
  get second(): number { return this.date.getSeconds(); }
  get microsecond(): number { return ((this.us % 1e6) + 1e6) % 1e6; }
  timestamp(): number { return this.us / 1e6; }

  /** datetime - datetime is a timedelta; datetime - timedelta a datetime. */
  __sub__(o: datetime): timedelta;
  __sub__(o: timedelta): datetime;
  __sub__(o: datetime | timedelta): timedelta | datetime {
    return o instanceof datetime ? timedelta.fromMicroseconds(this.us - o.us) : new datetime(this.us - Math.round(o.total_seconds() * 1e6));
  }
  sub(o: datetime): timedelta;
  sub(o: timedelta): datetime;
  sub(o: datetime | timedelta): timedelta | datetime { return this.__sub__(o as datetime); }
  __add__(o: timedelta): datetime { return new datetime(this.us + Math.round(o.total_seconds() * 1e6)); }
  add(o: timedelta): datetime { return this.__add__(o); }
  valueOf(): number { return this.timestamp(); }

  isoformat(sep = 'T'): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}${sep}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`
      + (this.microsecond ? '.' + pad(this.microsecond, 6) : '');
  }
  toString(): string { return this.isoformat(' '); }
  __str__(): string { return this.toString(); }
  __repr__(): string {
    const f = [this.year, this.month, this.day, this.hour, this.minute, this.second, this.microsecond];
    while (f.length > 5 && f[f.length - 1] === 0) f.pop();
    return `datetime.datetime(${f.join(', ')})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.__repr__(); }
}
