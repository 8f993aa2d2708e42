// What the browser bundle gets for Node's built-in modules: the runtime reaches them only on Node
// paths (files, threads, the SST-2 loader), and these answer "absent" instead.
const unavailable = (name: string) => () => { throw new Error(`${name} is not available in a browser`); };
export const existsSync = () => false;
export const readFileSync = unavailable('fs.readFileSync');
export const writeFileSync = unavailable('fs.writeFileSync');
export const mkdirSync = unavailable('fs.mkdirSync');
export const join = (...parts: string[]) => parts.join('/').replace(/\/+/g, '/');
export const resolve = join;
export const dirname = (p: string) => p.replace(/\/[^/]*$/, '') || '/';
export const basename = (p: string) => p.replace(/^.*\//, '');
export const sep = '/';
export const cpus = () => [{ model: 'browser' }];
export const availableParallelism = () => 1;
export const homedir = () => '/';
export const tmpdir = () => '/tmp';
export const platform = () => 'browser';
export const execFileSync = unavailable('child_process.execFileSync');
export const spawnSync = unavailable('child_process.spawnSync');
export class Worker { constructor() { throw new Error('worker_threads is not available in a browser'); } }
export const isMainThread = true;
export const parentPort = null;
export const workerData = null;
export const setFlagsFromString = () => undefined;
export const runInNewContext = unavailable('vm.runInNewContext');
export default { existsSync, readFileSync, join, resolve, dirname, basename, cpus, homedir, tmpdir };
