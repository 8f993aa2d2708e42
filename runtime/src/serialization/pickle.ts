// Python's pickle, the part torch.save files use: a protocol 2 writer that emits what CPython's
// pickler emits for the same objects (memo, batching, opcode choice), and a reader for the opcodes
// of protocols 0 to 5. Python objects are modelled by the small classes below; what a global
// (`module.name`) means is left to the caller.

/** A Python tuple (JS arrays are lists). */
export class PyTuple {
  constructor(readonly items: unknown[]) {}
}

/** A Python dict; keys keep their Python values (str, int, float, bool, None, tuple). */
export class PyDict {
  constructor(readonly entries: [unknown, unknown][] = []) {}
}

/** A global, `module.name`, as GLOBAL writes it. */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualname(): string { return `${this.module}.${this.name}`; }
}

/** `callable(*args)`, then optionally dict items set on the result and `state` given to BUILD. */
export class PyReduce {
  constructor(readonly callable: PyGlobal, readonly args: PyTuple, readonly state?: unknown, readonly dictitems?: [unknown, unknown][]) {}
}

/** An object the pickle refers to by a persistent id (torch: a storage). */
export class PyPersistent {
  constructor(readonly pid: unknown) {}
}

/** A Python int too large for a JS number's exact range. */
export type PyInt = bigint;

export class UnpicklingError extends Error { override name = 'UnpicklingError'; }
export class PicklingError extends Error { override name = 'PicklingError'; }

const BATCHSIZE = 1000;

/** Python's pickle.Pickler(protocol=2). Objects are memoized by identity, strings by value. */
export class Pickler {
  private out: number[] = [];
  private memo = new Map<unknown, number>();

  dump(obj: unknown): Uint8Array {
    this.out.push(0x80, 2); // PROTO 2
    this.save(obj);
    this.out.push(0x2e); // STOP
    return Uint8Array.from(this.out);
  }

  private bytes(b: ArrayLike<number>): void { for (let i = 0; i < b.length; i++) this.out.push(b[i]); }
  private u32(n: number): void { this.out.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff); }

  private memoize(key: unknown): void {
    const i = this.memo.size;
    this.memo.set(key, i);
    if (i < 256) this.out.push(0x71, i); // BINPUT
    else { this.out.push(0x72); this.u32(i); } // LONG_BINPUT
  }

  /** Writes a memo reference if the object was written before. */
  private fromMemo(key: unknown): boolean {
    const i = this.memo.get(key);
    if (i === undefined) return false;
    if (i < 256) this.out.push(0x68, i); // BINGET
    else { this.out.push(0x6a); this.u32(i); } // LONG_BINGET
    return true;
  }

  save(obj: unknown): void {
    if (obj === null || obj === undefined) { this.out.push(0x4e); return; } // NONE
    if (obj === true) { this.out.push(0x88); return; } // NEWTRUE
    if (obj === false) { this.out.push(0x89); return; } // NEWFALSE
    if (typeof obj === 'number') { this.saveNumber(obj); return; }
    if (typeof obj === 'bigint') { this.saveLong(obj); return; }
    if (typeof obj === 'string') {
      const key = `str:${obj}`;
      if (this.fromMemo(key)) return;
      const b = Buffer.from(obj, 'utf8');
      this.out.push(0x58); // BINUNICODE
      this.u32(b.length);
      this.bytes(b);
      this.memoize(key);
      return;
    }
    if (obj instanceof PyPersistent) { this.save(obj.pid); this.out.push(0x51); return; } // BINPERSID
    if (this.fromMemo(obj)) return;
    if (obj instanceof PyTuple) { this.saveTuple(obj); return; }
    if (Array.isArray(obj)) {
      this.out.push(0x5d); // EMPTY_LIST
      this.memoize(obj);
      this.batch(obj.map((x) => [x]), 0x61, 0x65); // APPEND, APPENDS
      return;
    }
    if (obj instanceof PyDict) {
      this.out.push(0x7d); // EMPTY_DICT
      this.memoize(obj);
      this.batch(obj.entries, 0x73, 0x75); // SETITEM, SETITEMS
      return;
    }
    if (obj instanceof PyGlobal) {
      const b = Buffer.from(`${obj.module}\n${obj.name}\n`, 'utf8');
      this.out.push(0x63); // GLOBAL
      this.bytes(b);
      this.memoize(obj);
      return;
    }
    if (obj instanceof PyReduce) {
      this.save(obj.callable);
      this.save(obj.args);
      this.out.push(0x52); // REDUCE
      this.memoize(obj);
      if (obj.dictitems) this.batch(obj.dictitems, 0x73, 0x75);
      if (obj.state !== undefined) { this.save(obj.state); this.out.push(0x62); } // BUILD
      return;
    }
    throw new PicklingError(`cannot pickle ${Object.prototype.toString.call(obj)}`);
  }

  private saveNumber(v: number): void {
    if (Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) {
      if (v >= 0 && v < 256) { this.out.push(0x4b, v); return; } // BININT1
      if (v >= 0 && v < 65536) { this.out.push(0x4d, v & 0xff, v >> 8); return; } // BININT2
      if (v >= -0x80000000 && v <= 0x7fffffff) { this.out.push(0x4a); this.u32(v >>> 0); return; } // BININT
      this.saveLong(BigInt(v));
      return;
    }
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    this.out.push(0x47); // BINFLOAT
    this.bytes(b);
  }

  /** LONG1: little-endian two's complement, as few bytes as hold the sign. */
  private saveLong(v: bigint): void {
    const b: number[] = [];
    if (v !== 0n) {
      let x = v;
      for (;;) {
        b.push(Number(x & 0xffn));
        x >>= 8n;
        if ((x === 0n && !(b[b.length - 1] & 0x80)) || (x === -1n && b[b.length - 1] & 0x80)) break;
      }
    }
    if (b.length > 255) throw new PicklingError('int too large to pickle');
    this.out.push(0x8a, b.length); // LONG1
    this.bytes(b);
  }

  private saveTuple(t: PyTuple): void {
    const n = t.items.length;
    if (n === 0) { this.out.push(0x29); return; } // EMPTY_TUPLE (not memoized, as CPython)
    if (n <= 3) {
      for (const x of t.items) this.save(x);
      this.out.push([0x85, 0x86, 0x87][n - 1]); // TUPLE1..3
    } else {
      this.out.push(0x28); // MARK
      for (const x of t.items) this.save(x);
      this.out.push(0x74); // TUPLE
    }
    this.memoize(t);
  }

  /** CPython's _batch_appends/_batch_setitems: one item alone, more under MARK in chunks of 1000. */
  private batch(items: unknown[][], one: number, many: number): void {
    for (let i = 0; i < items.length; i += BATCHSIZE) {
      const chunk = items.slice(i, i + BATCHSIZE);
      if (chunk.length > 1) this.out.push(0x28); // MARK
      for (const item of chunk) for (const x of item) this.save(x);
      this.out.push(chunk.length > 1 ? many : one);
    }
  }
}

export interface UnpicklerHooks {
  /** What GLOBAL / STACK_GLOBAL `module.name` stands for. */
  find_class(module: string, name: string): unknown;
  /** REDUCE: call `callable` (a value find_class returned) with the tuple's items. */
  call(callable: unknown, args: unknown[]): unknown;
  /** BUILD: give `state` to `obj`; returns the object to keep on the stack. */
  build(obj: unknown, state: unknown): unknown;
  persistent_load(pid: unknown): unknown;
}

const MARK = Symbol('mark');

/** Python's pickle.Unpickler over the opcodes of protocols 0 to 5 (no out-of-band buffers). */
export class Unpickler {
  private pos = 0;
  private stack: unknown[] = [];
  private metastack: unknown[][] = [];
  private memo = new Map<number, unknown>();
  private readonly view: DataView;

  constructor(private readonly data: Uint8Array, private readonly hooks: UnpicklerHooks) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  private need(n: number): number {
    if (this.pos + n > this.data.length) throw new UnpicklingError('pickle data was truncated');
    const p = this.pos;
    this.pos += n;
    return p;
  }
  private u8(): number { return this.data[this.need(1)]; }
  private u16(): number { return this.view.getUint16(this.need(2), true); }
  private u32(): number { return this.view.getUint32(this.need(4), true); }
  private i32(): number { return this.view.getInt32(this.need(4), true); }
  private u64(): number {
    const v = this.view.getBigUint64(this.need(8), true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new UnpicklingError('pickle data was truncated');
    return Number(v);
  }
  private raw(n: number): Uint8Array { const p = this.need(n); return this.data.subarray(p, p + n); }
  private utf8(n: number): string { return Buffer.from(this.raw(n)).toString('utf8'); }
  private line(): string {
    const end = this.data.indexOf(0x0a, this.pos);
    if (end < 0) throw new UnpicklingError('pickle data was truncated');
    const s = Buffer.from(this.data.subarray(this.pos, end)).toString('latin1');
    this.pos = end + 1;
    return s;
  }

  private pop(): unknown {
    if (!this.stack.length) throw new UnpicklingError('unpickling stack underflow');
    return this.stack.pop();
  }
  private top(): unknown {
    if (!this.stack.length) throw new UnpicklingError('unpickling stack underflow');
    return this.stack[this.stack.length - 1];
  }
  /** The items pushed since the last MARK, which is popped. (Callers take them before touching
   *  `this.stack`, which this replaces.) */
  private popMark(): unknown[] {
    const items = this.stack;
    const prev = this.metastack.pop();
    if (!prev) throw new UnpicklingError('could not find MARK');
    this.stack = prev;
    return items;
  }
  private get(i: number): unknown {
    if (!this.memo.has(i)) throw new UnpicklingError(`Memo value not found at index ${i}`);
    return this.memo.get(i);
  }

  private long(b: Uint8Array): number | bigint {
    if (!b.length) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  private setItems(dict: unknown, items: unknown[]): void {
    if (!(dict instanceof PyDict)) throw new UnpicklingError('SETITEMS on an object that is not a dict');
    for (let i = 0; i + 1 < items.length; i += 2) dict.entries.push([items[i], items[i + 1]]);
  }

  load(): unknown {
    for (;;) {
      const op = this.u8();
      switch (op) {
        case 0x80: this.u8(); break; // PROTO
        case 0x95: this.need(8); break; // FRAME: frames are read through
        case 0x2e: return this.pop(); // STOP
        case 0x28: this.metastack.push(this.stack); this.stack = []; break; // MARK
        case 0x30: this.pop(); break; // POP
        case 0x31: this.popMark(); break; // POP_MARK
        case 0x32: this.stack.push(this.top()); break; // DUP
        case 0x4e: this.stack.push(null); break; // NONE
        case 0x88: this.stack.push(true); break; // NEWTRUE
        case 0x89: this.stack.push(false); break; // NEWFALSE
        case 0x4b: this.stack.push(this.u8()); break; // BININT1
        case 0x4d: this.stack.push(this.u16()); break; // BININT2
        case 0x4a: this.stack.push(this.i32()); break; // BININT
        case 0x8a: this.stack.push(this.long(this.raw(this.u8()))); break; // LONG1
        case 0x8b: this.stack.push(this.long(this.raw(this.i32()))); break; // LONG4
        case 0x49: { // INT (text); I01 / I00 are True / False
          const s = this.line();
          this.stack.push(s === '01' ? true : s === '00' ? false : this.textInt(s));
          break;
        }
        case 0x4c: this.stack.push(this.textInt(this.line().replace(/L$/, ''))); break; // LONG (text)
        case 0x46: this.stack.push(Number(this.line())); break; // FLOAT (text)
        case 0x47: this.stack.push(this.view.getFloat64(this.need(8), false)); break; // BINFLOAT
        case 0x58: this.stack.push(this.utf8(this.u32())); break; // BINUNICODE
        case 0x8c: this.stack.push(this.utf8(this.u8())); break; // SHORT_BINUNICODE
        case 0x8d: this.stack.push(this.utf8(this.u64())); break; // BINUNICODE8
        case 0x56: this.stack.push(this.line().replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a, b) => String.fromCodePoint(parseInt(a ?? b, 16)))); break; // UNICODE
        // Python 2 str (protocols 0-1): torch.load decodes them as ASCII; latin1 keeps every byte.
        case 0x54: this.stack.push(Buffer.from(this.raw(this.i32())).toString('latin1')); break; // BINSTRING
        case 0x55: this.stack.push(Buffer.from(this.raw(this.u8())).toString('latin1')); break; // SHORT_BINSTRING
        case 0x53: this.stack.push(this.line().replace(/^(['"])(.*)\1$/, '$2')); break; // STRING
        case 0x42: this.stack.push(new Uint8Array(this.raw(this.u32()))); break; // BINBYTES
        case 0x43: this.stack.push(new Uint8Array(this.raw(this.u8()))); break; // SHORT_BINBYTES
        case 0x8e: this.stack.push(new Uint8Array(this.raw(this.u64()))); break; // BINBYTES8
        case 0x96: this.stack.push(new Uint8Array(this.raw(this.u64()))); break; // BYTEARRAY8
        case 0x29: this.stack.push(new PyTuple([])); break; // EMPTY_TUPLE
        case 0x74: { const items = this.popMark(); this.stack.push(new PyTuple(items)); break; } // TUPLE
        case 0x85: this.stack.push(new PyTuple([this.pop()])); break; // TUPLE1
        case 0x86: { const b = this.pop(), a = this.pop(); this.stack.push(new PyTuple([a, b])); break; } // TUPLE2
        case 0x87: { const c = this.pop(), b = this.pop(), a = this.pop(); this.stack.push(new PyTuple([a, b, c])); break; } // TUPLE3
        case 0x5d: this.stack.push([]); break; // EMPTY_LIST
        case 0x6c: { const items = this.popMark(); this.stack.push(items); break; } // LIST
        case 0x61: { const v = this.pop(); this.list().push(v); break; } // APPEND
        case 0x65: { const items = this.popMark(); this.list().push(...items); break; } // APPENDS
        case 0x7d: this.stack.push(new PyDict()); break; // EMPTY_DICT
        case 0x64: { const d = new PyDict(), items = this.popMark(); this.setItems(d, items); this.stack.push(d); break; } // DICT
        case 0x73: { const v = this.pop(), k = this.pop(); this.setItems(this.top(), [k, v]); break; } // SETITEM
        case 0x75: { const items = this.popMark(); this.setItems(this.top(), items); break; } // SETITEMS
        case 0x8f: case 0x90: case 0x91: throw new UnpicklingError('sets are not supported'); // EMPTY_SET, ADDITEMS, FROZENSET
        case 0x63: { const mod = this.line(), name = this.line(); this.stack.push(this.hooks.find_class(mod, name)); break; } // GLOBAL
        case 0x93: { const name = this.pop(), mod = this.pop(); this.stack.push(this.hooks.find_class(String(mod), String(name))); break; } // STACK_GLOBAL
        case 0x52: { // REDUCE
          const args = this.pop(), fn = this.pop();
          if (!(args instanceof PyTuple)) throw new UnpicklingError('REDUCE arguments must be a tuple');
          this.stack.push(this.hooks.call(fn, args.items));
          break;
        }
        case 0x81: { // NEWOBJ: cls.__new__(cls, *args)
          const args = this.pop(), cls = this.pop();
          this.stack.push(this.hooks.call(cls, args instanceof PyTuple ? args.items : []));
          break;
        }
        case 0x92: { // NEWOBJ_EX
          const kwargs = this.pop(), args = this.pop(), cls = this.pop();
          if (kwargs instanceof PyDict && kwargs.entries.length) throw new UnpicklingError('keyword arguments to __new__ are not supported');
          this.stack.push(this.hooks.call(cls, args instanceof PyTuple ? args.items : []));
          break;
        }
        case 0x62: { const state = this.pop(), obj = this.pop(); this.stack.push(this.hooks.build(obj, state)); break; } // BUILD
        case 0x50: this.stack.push(this.hooks.persistent_load(this.line())); break; // PERSID
        case 0x51: this.stack.push(this.hooks.persistent_load(this.pop())); break; // BINPERSID
        case 0x70: this.memo.set(Number(this.line()), this.top()); break; // PUT
        case 0x71: this.memo.set(this.u8(), this.top()); break; // BINPUT
        case 0x72: this.memo.set(this.u32(), this.top()); break; // LONG_BINPUT
        case 0x94: this.memo.set(this.memo.size, this.top()); break; // MEMOIZE
        case 0x67: this.stack.push(this.get(Number(this.line()))); break; // GET
        case 0x68: this.stack.push(this.get(this.u8())); break; // BINGET
        case 0x6a: this.stack.push(this.get(this.u32())); break; // LONG_BINGET
        default:
          throw new UnpicklingError(`invalid load key, '${op < 0x20 || op > 0x7e ? `\\x${op.toString(16).padStart(2, '0')}` : String.fromCharCode(op)}'.`);
      }
    }
  }

  private list(): unknown[] {
    const l = this.top();
    if (!Array.isArray(l)) throw new UnpicklingError('APPEND on an object that is not a list');
    return l;
  }

  private textInt(s: string): number | bigint {
    const v = BigInt(s.trim());
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
}
