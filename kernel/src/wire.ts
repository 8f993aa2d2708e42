// The Jupyter wire protocol: signed multipart messages. Signatures are checked in constant time,
// a signature seen before is refused (a replayed message), and a message is accepted only when
// its parts have the shapes the protocol gives them. (The control thread sends through one queue
// per socket, because a zeromq socket takes one send at a time.)
import { createHmac, randomUUID, timingSafeEqual } from 'crypto';

export const DELIM = Buffer.from('<IDS|MSG>');
export const PROTOCOL_VERSION = '5.3';

export interface Header { msg_id: string; session: string; username: string; date: string; msg_type: string; version: string }
export interface Message<C = Record<string, any>> {
  identities: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

export class Signer {
  constructor(private readonly key: string, private readonly scheme = 'hmac-sha256') {}
  get signs(): boolean { return this.key !== ''; }
  sign(parts: (Buffer | string)[]): string {
    if (!this.key) return '';
    const h = createHmac(this.scheme.replace(/^hmac-/, ''), this.key);
    for (const p of parts) h.update(p);
    return h.digest('hex');
  }
  verify(signature: Buffer, parts: Buffer[]): boolean {
    if (!this.key) return true;
    const want = Buffer.from(this.sign(parts));
    return signature.length === want.length && timingSafeEqual(signature, want);
  }
}

/**
 * Signatures of messages already accepted, so that a replayed message is refused (as
 * jupyter_client's Session does). Past `size` entries a random tenth is forgotten.
 */
export class DigestHistory {
  private readonly seen = new Set<string>();
  constructor(private readonly size = 2 ** 16) {}
  /** False when the signature was seen before; records it otherwise. */
  add(signature: string): boolean {
    if (this.seen.has(signature)) return false;
    this.seen.add(signature);
    if (this.seen.size > this.size) {
      const cull = Math.max(Math.floor(this.seen.size / 10), this.seen.size - this.size);
      const all = [...this.seen];
      for (let i = 0; i < cull; i++) {
        const j = i + Math.floor(Math.random() * (all.length - i));
        [all[i], all[j]] = [all[j], all[i]];
        this.seen.delete(all[i]);
      }
    }
    return true;
  }
}

export type Decoded = { ok: true; msg: Message } | { ok: false; why: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a raw multipart message: the message, or why it is refused. */
export function decode(frames: Buffer[], signer: Signer, history?: DigestHistory): Decoded {
  const i = frames.findIndex((f) => f.equals(DELIM));
  if (i < 0) return { ok: false, why: 'no <IDS|MSG> delimiter' };
  if (frames.length < i + 6) return { ok: false, why: `malformed message, ${frames.length - i - 1} parts after the delimiter (at least 5)` };
  const parts = frames.slice(i + 2, i + 6);
  if (signer.signs) {
    if (!frames[i + 1].length) return { ok: false, why: 'unsigned message' };
    if (!signer.verify(frames[i + 1], parts)) return { ok: false, why: 'invalid signature' };
    if (history && !history.add(frames[i + 1].toString())) return { ok: false, why: 'duplicate signature (a replayed message)' };
  }
  let header: unknown, parent: unknown, metadata: unknown, content: unknown;
  try {
    [header, parent, metadata, content] = parts.map((p) => JSON.parse(p.toString('utf8')));
  } catch (e) {
    return { ok: false, why: `a part is not JSON (${(e as Error).message})` };
  }
  if (!isObject(header)) return { ok: false, why: 'the header is not an object' };
  if (typeof header.msg_type !== 'string' || !header.msg_type) return { ok: false, why: 'the header has no msg_type' };
  if (typeof header.msg_id !== 'string') return { ok: false, why: 'the header has no msg_id' };
  if (parent !== null && !isObject(parent)) return { ok: false, why: 'the parent header is not an object' };
  if (metadata !== null && !isObject(metadata)) return { ok: false, why: 'the metadata is not an object' };
  if (!isObject(content)) return { ok: false, why: `the content of ${header.msg_type} is not an object` };
  return {
    ok: true,
    msg: {
      identities: frames.slice(0, i),
      header: header as unknown as Header,
      parent_header: (parent ?? {}) as unknown as Header,
      metadata: (metadata ?? {}) as Record<string, unknown>,
      content: content as Record<string, any>,
      buffers: frames.slice(i + 6),
    },
  };
}

export function encode(msg: Message, signer: Signer): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => Buffer.from(JSON.stringify(p)));
  return [...msg.identities, DELIM, Buffer.from(signer.sign(parts)), ...parts, ...msg.buffers];
}

/** Fields of a header that a reply may rely on, whatever the request's header held. */
function str(v: unknown, fallback = ''): string { return typeof v === 'string' ? v : fallback; }

export function reply<C>(parent: { identities: Buffer[]; header: Header | Record<string, unknown> }, msg_type: string, content: C, identities = parent.identities, metadata: Record<string, unknown> = {}): Message<C> {
  const h = parent.header as Record<string, unknown>;
  return {
    identities,
    header: { msg_id: randomUUID(), session: str(h.session), username: str(h.username, 'kernel'), date: new Date().toISOString(), msg_type, version: PROTOCOL_VERSION },
    parent_header: parent.header as unknown as Header,
    metadata,
    content,
    buffers: [],
  };
}
