// The Jupyter wire protocol: signed multipart messages. Signatures are checked in constant time
// and every socket sends through a queue, because a zeromq socket takes one send at a time.
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

/** Parse a raw multipart message; null when malformed or badly signed. */
export function decode(frames: Buffer[], signer: Signer): Message | null {
  const i = frames.findIndex((f) => f.equals(DELIM));
  if (i < 0 || frames.length < i + 6) return null;
  const parts = frames.slice(i + 2, i + 6);
  if (!signer.verify(frames[i + 1], parts)) return null;
  try {
    return {
      identities: frames.slice(0, i),
      header: JSON.parse(parts[0].toString()),
      parent_header: JSON.parse(parts[1].toString()),
      metadata: JSON.parse(parts[2].toString()),
      content: JSON.parse(parts[3].toString()),
      buffers: frames.slice(i + 6),
    };
  } catch {
    return null;
  }
}

export function encode(msg: Message, signer: Signer): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => Buffer.from(JSON.stringify(p)));
  return [...msg.identities, DELIM, Buffer.from(signer.sign(parts)), ...parts, ...msg.buffers];
}

export function reply<C>(parent: Message, msg_type: string, content: C, identities = parent.identities): Message<C> {
  return {
    identities,
    header: { msg_id: randomUUID(), session: parent.header.session, username: parent.header.username, date: new Date().toISOString(), msg_type, version: PROTOCOL_VERSION },
    parent_header: parent.header,
    metadata: {},
    content,
    buffers: [],
  };
}

interface Sendable { send(frames: Buffer[]): Promise<void> }

/** Serialises sends on one socket; a failed send is reported, never dropped silently. */
export class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly sock: Sendable, private readonly signer: Signer) {}
  send(msg: Message): Promise<void> {
    const frames = encode(msg, this.signer);
    this.tail = this.tail.then(() => this.sock.send(frames)).catch((e) => {
      process.stderr.write(`torchlab kernel: failed to send ${msg.header.msg_type}: ${e}\n`);
    });
    return this.tail;
  }
  drain(): Promise<void> { return this.tail; }
}
