// Malformed, replayed and abusive messages through jupyter_client (Debian's python3-jupyter-client,
// what nbclient and the Jupyter server speak with): the kernel stays up, answers after each, runs a
// replayed request once, and exits with status 0 when shut down.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { kernelspecPrefix, root } from './harness';

describe('kernel under abuse through jupyter_client', function () {
  this.timeout(600000);
  it('stays up and answering through 60 malformed, replayed and abusive messages', () => {
    const { jupyterPath } = kernelspecPrefix();
    const out = execFileSync('/usr/bin/python3', [path.join(root, 'test', 'kernel', 'client_abuse.py')],
      { env: { ...process.env, JUPYTER_PATH: jupyterPath }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 540000 });
    const f = JSON.parse(out.trim().split('\n').pop()!);
    assert.deepEqual(f.errors, []);
    assert.ok(f.cases >= 30, `${f.cases} cases, each sent twice`);
    assert.equal(f.alive_after_each, true);
    assert.equal(f.answers_after_each, true);
    assert.equal(f.replayed_count, '1', 'a replayed execute_request ran once');
    assert.equal(f.exit_code, 0, 'exits with status 0 on shutdown_request');
  });
});
