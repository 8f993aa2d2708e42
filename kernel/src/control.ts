// The control and heartbeat channels run on their own thread, so that an interrupt or a heartbeat
// is answered while a cell keeps the main thread busy (e.g. `while (true) {}`).
import { parentPort, workerData } from 'worker_threads';
import * as zmq from 'zeromq';
import { Signer, SendQueue, decode, reply } from './wire';

interface Data { ip: string; transport: string; control_port: number; hb_port: number; key: string; signature_scheme: string; kernel_info: object }
const data = workerData as Data;
const signer = new Signer(data.key, data.signature_scheme);
const addr = (port: number) => `${data.transport}://${data.ip}:${port}`;

let hbSock: zmq.Reply | null = null;

async function heartbeat(): Promise<void> {
  const hb = hbSock = new zmq.Reply();
  await hb.bind(addr(data.hb_port));
  try { for await (const frames of hb) await hb.send(frames); } catch { /* closed at shutdown */ }
}

async function control(): Promise<void> {
  const sock = new zmq.Router();
  await sock.bind(addr(data.control_port));
  const out = new SendQueue(sock, signer);
  parentPort!.postMessage({ type: 'ready' });
  for await (const frames of sock) {
    const msg = decode(frames as Buffer[], signer);
    if (!msg) { parentPort!.postMessage({ type: 'log', text: 'ignored a control message with a bad signature or framing' }); continue; }
    switch (msg.header.msg_type) {
      case 'interrupt_request':
        // A signal reaches a script running with breakOnSigint even when the main thread is blocked.
        process.kill(process.pid, 'SIGINT');
        await out.send(reply(msg, 'interrupt_reply', { status: 'ok' }));
        break;
      case 'shutdown_request': {
        const restart = Boolean(msg.content.restart);
        await out.send(reply(msg, 'shutdown_reply', { status: 'ok', restart }));
        sock.close();
        hbSock?.close();
        parentPort!.postMessage({ type: 'shutdown', restart });
        return;
      }
      case 'kernel_info_request':
        await out.send(reply(msg, 'kernel_info_reply', data.kernel_info));
        break;
      default:
        await out.send(reply(msg, msg.header.msg_type.replace(/_request$/, '_reply'), { status: 'error', ename: 'NotImplemented', evalue: `${msg.header.msg_type} is not supported`, traceback: [] }));
    }
  }
}

void heartbeat();
void control();
