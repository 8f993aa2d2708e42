// Malformed, duplicate and abusive protocol messages, as raw frames. Each case names the socket
// it goes to; whatever it is, the kernel must stay up and keep answering.
import { randomUUID } from 'crypto';
import { DELIM, Signer } from '../../kernel/src/wire';

export type Channel = 'shell' | 'control' | 'stdin';
export interface AbuseCase { name: string; channel: Channel; frames: Buffer[] }

/** Frames signed with `signer` from the four JSON parts given as text (so that they can be anything). */
export function signed(signer: Signer, parts: [string, string, string, string], extra: Buffer[] = []): Buffer[] {
  const bufs = parts.map((p) => Buffer.from(p));
  return [DELIM, Buffer.from(signer.sign(bufs)), ...bufs, ...extra];
}

const header = (msg_type: unknown, over: Record<string, unknown> = {}) =>
  JSON.stringify({ msg_id: randomUUID(), session: 'abuse', username: 'abuse', date: new Date().toISOString(), msg_type, version: '5.3', ...over });

export function abuseCases(signer: Signer): AbuseCase[] {
  const s = (channel: Channel, name: string, h: string, content: string, parent = '{}', metadata = '{}', extra: Buffer[] = []): AbuseCase =>
    ({ name, channel, frames: signed(signer, [h, parent, metadata, content], extra) });
  const cases: AbuseCase[] = [];
  for (const channel of ['shell', 'control'] as Channel[]) {
    cases.push(
      s(channel, 'header without msg_type', JSON.stringify({ msg_id: randomUUID(), session: 'x' }), '{}'),
      s(channel, 'header null', 'null', '{}'),
      s(channel, 'header a number', '5', '{}'),
      s(channel, 'header an array', '[1,2]', '{}'),
      s(channel, 'header a string', '"kernel_info_request"', '{}'),
      s(channel, 'msg_type a number', header(5), '{}'),
      s(channel, 'msg_type empty', header(''), '{}'),
      s(channel, 'msg_id missing', JSON.stringify({ msg_type: 'kernel_info_request', session: 'x' }), '{}'),
      s(channel, 'msg_id a number', header('kernel_info_request', { msg_id: 7 }), '{}'),
      s(channel, 'unknown message type', header('bogus_request'), '{}'),
      s(channel, 'unknown type with a reply-like name', header('execute_reply'), '{"status":"ok"}'),
      s(channel, 'shutdown_request with null content', header('shutdown_request'), 'null'),
      s(channel, 'shutdown_request with a number as content', header('shutdown_request'), '42'),
      s(channel, 'content not JSON', header('kernel_info_request'), '{"unterminated'),
      s(channel, 'header not JSON', '{msg_type: kernel_info_request}', '{}'),
      s(channel, 'parent header a number', header('kernel_info_request'), '{}', '5'),
      s(channel, 'metadata a string', header('kernel_info_request'), '{}', '{}', '"meta"'),
      s(channel, 'invalid UTF-8 in content', header('kernel_info_request'), '\u0000'),
      s(channel, 'very long msg_type', header('x'.repeat(100000)), '{}'),
      s(channel, 'deeply nested content', header('kernel_info_request'), '['.repeat(100000) + ']'.repeat(100000)),
      { name: 'no delimiter', channel, frames: [Buffer.from('garbage'), Buffer.from('more')] },
      { name: 'too few parts after the delimiter', channel, frames: [DELIM, Buffer.from('sig'), Buffer.from('{}')] },
      { name: 'empty signature', channel, frames: [DELIM, Buffer.alloc(0), Buffer.from(header('kernel_info_request')), Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}')] },
      { name: 'forged signature', channel, frames: [DELIM, Buffer.from('0'.repeat(64)), Buffer.from(header('kernel_info_request')), Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}')] },
      { name: 'binary garbage', channel, frames: [Buffer.from([0xff, 0x00, 0xfe]), DELIM, Buffer.from([1, 2, 3]), Buffer.from([0xc3, 0x28]), Buffer.from([0]), Buffer.from([0]), Buffer.from([0])] },
      { name: 'a single empty frame', channel, frames: [Buffer.alloc(0)] },
      s(channel, 'kernel_info_request with buffers attached', header('kernel_info_request'), '{}', '{}', '{}', [Buffer.alloc(1 << 20), Buffer.from('x')]),
    );
  }
  cases.push(
    s('shell', 'execute_request with code a number', header('execute_request'), '{"code":5}'),
    s('shell', 'execute_request with code null', header('execute_request'), '{"code":null}'),
    s('shell', 'execute_request with code an object', header('execute_request'), '{"code":{"x":1}}'),
    s('shell', 'execute_request without content fields', header('execute_request'), '{}'),
    s('shell', 'execute_request with silent a string', header('execute_request'), '{"code":"1","silent":"yes","store_history":"no"}'),
    s('shell', 'complete_request with cursor out of range', header('complete_request'), '{"code":"torch.","cursor_pos":1000000}'),
    s('shell', 'complete_request with a negative cursor', header('complete_request'), '{"code":"torch.","cursor_pos":-5}'),
    s('shell', 'complete_request with code null', header('complete_request'), '{"code":null,"cursor_pos":"x"}'),
    s('shell', 'inspect_request with cursor out of range', header('inspect_request'), '{"code":"torch.ones(","cursor_pos":99999,"detail_level":7}'),
    s('shell', 'inspect_request with no fields', header('inspect_request'), '{}'),
    s('shell', 'history_request with nonsense', header('history_request'), '{"hist_access_type":"bogus","n":-1,"pattern":5}'),
    s('shell', 'history_request search with a regex-breaking pattern', header('history_request'), '{"hist_access_type":"search","pattern":"([{\\\\","n":3}'),
    s('shell', 'is_complete_request with code null', header('is_complete_request'), '{"code":null}'),
    s('shell', 'comm_open without comm_id', header('comm_open'), '{"target_name":"x"}'),
    s('shell', 'comm_msg for no comm', header('comm_msg'), '{"comm_id":"nope","data":{}}'),
    s('shell', 'connect_request', header('connect_request'), '{}'),
    s('control', 'interrupt_request while idle', header('interrupt_request'), '{}'),
    s('control', 'interrupt_request with junk content', header('interrupt_request'), '{"junk":[1,2,3]}'),
    s('control', 'execute_request on control', header('execute_request'), '{"code":"globalThis.onControl = 1"}'),
    s('stdin', 'input_reply with no input pending', header('input_reply'), '{"value":"surprise"}'),
    s('stdin', 'execute_request on stdin', header('execute_request'), '{"code":"1"}'),
    s('stdin', 'stdin message with a number header', '7', '{}'),
    { name: 'stdin garbage', channel: 'stdin', frames: [Buffer.from('x')] },
  );
  return cases;
}
