// A course on Debian's JupyterHub, on 127.0.0.1: a dummy authenticator, a local-process spawner with a
// home per user, and the torchlab kernelspec. Three students log in at the same time, each starts a
// single-user server, and each runs a lecture on a torchlab kernel of its own.
import { strict as assert } from 'assert';
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort, kernelspecPrefix, root } from '../kernel/harness';
import { assertLectureRan, drawsFigure, runLecture, serverSettings, textOf } from './lecture';

const students: Record<string, string> = { ada: '002_pytorch_tutorial.ipynb', grace: '003_sgd_mlp.ipynb', alan: '004_review.ipynb' };

describe('a course on JupyterHub (three students at once)', function () {
  this.timeout(60000);
  let hub: ChildProcess;
  let dir = '';
  let url = '';
  let log = '';
  const password = randomBytes(8).toString('hex');

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-hub-'));
    const { jupyterPath } = kernelspecPrefix();
    for (const [user, lecture] of Object.entries(students)) {
      fs.mkdirSync(path.join(dir, 'home', user), { recursive: true });
      fs.copyFileSync(path.join(root, 'notebooks', lecture), path.join(dir, 'home', user, lecture));
    }
    const [port, hubPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
    const py = JSON.stringify;
    fs.writeFileSync(path.join(dir, 'jupyterhub_config.py'), [
      `c.JupyterHub.bind_url = ${py(`http://127.0.0.1:${port}`)}`,
      `c.JupyterHub.hub_bind_url = ${py(`http://127.0.0.1:${hubPort}`)}`,
      `c.ConfigurableHTTPProxy.api_url = ${py(`http://127.0.0.1:${proxyPort}`)}`,
      `c.ConfigurableHTTPProxy.pid_file = ${py(path.join(dir, 'proxy.pid'))}`,
      `c.JupyterHub.db_url = ${py(`sqlite:///${path.join(dir, 'jupyterhub.sqlite')}`)}`,
      `c.JupyterHub.cookie_secret_file = ${py(path.join(dir, 'cookie_secret'))}`,
      `c.JupyterHub.authenticator_class = 'jupyterhub.auth.DummyAuthenticator'`,
      `c.DummyAuthenticator.password = ${py(password)}`,
      `c.JupyterHub.spawner_class = 'jupyterhub.spawner.SimpleLocalProcessSpawner'`,
      `c.SimpleLocalProcessSpawner.home_dir_template = ${py(path.join(dir, 'home', '{username}'))}`,
      `c.Spawner.environment = {'JUPYTER_PATH': ${py(jupyterPath)}}`,
      `c.Spawner.args = ${py(process.getuid?.() === 0 ? ['--allow-root'] : [])}`,
      `c.Spawner.start_timeout = 300`,
      `c.Spawner.http_timeout = 300`,
    ].join('\n') + '\n');
    // Debian's configurable-http-proxy finds its modules in /usr/share/nodejs, which only Debian's
    // own Node searches by itself.
    const env = { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(':') };
    hub = spawn('jupyterhub', ['-f', path.join(dir, 'jupyterhub_config.py')], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    hub.stdout!.on('data', (d) => { log += d; });
    hub.stderr!.on('data', (d) => { log += d; });
    url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${url}/hub/api/`)).ok) break;
      } catch { /* not yet */ }
      if (i > 300 || hub.exitCode !== null) throw new Error(`JupyterHub did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  after(async function () {
    this.timeout(30000);
    if (hub && hub.exitCode === null) {
      hub.kill('SIGTERM'); // stops the single-user servers and the proxy it started
      await new Promise((r) => { const t = setTimeout(r, 20000); hub.on('exit', () => { clearTimeout(t); r(null); }); });
      try { process.kill(-hub.pid!, 'SIGKILL'); } catch { /* the whole group is gone */ }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** What a browser does: the login form, then the Hub's API with the login cookie. */
  async function student(user: string): Promise<{ user: string; base: string; token: string }> {
    const login = await fetch(`${url}/hub/login`, { method: 'POST', body: new URLSearchParams({ username: user, password }), redirect: 'manual' });
    assert.equal(login.status, 302, `login of ${user}: HTTP ${login.status}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const api = async (method: string, p: string, body?: object): Promise<Record<string, any>> => {
      const r = await fetch(`${url}/hub/api${p}`, { method, headers: { Cookie: cookie, Referer: `${url}/hub/home`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
      if (!r.ok) throw new Error(`${method} /hub/api${p}: HTTP ${r.status} ${await r.text()}\n${log}`);
      const text = await r.text();
      return text ? JSON.parse(text) : {};
    };
    await api('POST', `/users/${user}/server`);
    for (let t = Date.now(); !(await api('GET', `/users/${user}`)).servers?.['']?.ready;) {
      if (Date.now() - t > 300000) throw new Error(`${user}'s server did not become ready:\n${log}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const { token } = await api('POST', `/users/${user}/tokens`, { note: 'lecture run' });
    return { user, base: `${url}/user/${user}/`, token };
  }

  it('logs three students in at once; each runs a lecture on a torchlab kernel of its own', async function () {
    this.timeout(15 * 60000);
    const runs = await Promise.all(Object.entries(students).map(async ([user, lecture]) => {
      const s = await student(user);
      const { cells, before } = await runLecture(serverSettings(s.base, s.token), lecture, ['process.env.JUPYTERHUB_USER', 'process.env.HOME', 'process.pid']);
      return { user, lecture, cells, who: before.map(textOf) };
    }));
    for (const { user, lecture, cells, who } of runs) {
      assert.deepEqual(who.slice(0, 2), [`'${user}'`, `'${path.join(dir, 'home', user)}'`], `${user}'s kernel runs in ${user}'s server`);
      assertLectureRan(cells, { figures: drawsFigure(JSON.parse(fs.readFileSync(path.join(root, 'notebooks', lecture), 'utf8'))) });
    }
    assert.equal(new Set(runs.map((r) => r.who[2])).size, 3, 'three kernel processes');
  });
});
