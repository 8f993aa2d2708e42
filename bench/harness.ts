// Benchmark helpers: time a function in this process and the same workload in PyTorch (run in the
// same script invocation, so both are measured under the same machine conditions).
import { execFileSync } from 'child_process';

/** Median seconds per call over several batches, after a warm-up. */
export function timeIt(fn: () => unknown, opts: { minSeconds?: number; batches?: number } = {}): number {
  const minSeconds = opts.minSeconds ?? 0.2, batches = opts.batches ?? 7;
  let reps = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    if (dt >= minSeconds / batches || reps > 1e7) break;
    reps *= 2;
  }
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9 / reps);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * The environment for the reference Python processes: `extra` added, and without the allocator
 * settings torchlab's own processes get (PyTorch runs as it does by default).
 */
export function pythonEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.GLIBC_TUNABLES;
  return env;
}

/** The same timing loop in Python, for the oracle: `cases` maps names to (setup, statement). */
export function timePyTorch(cases: Record<string, [string, string]>, threads: 1 | 2 = 1): Record<string, number> {
  const env = pythonEnv({ OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), ...(threads > 1 ? { OMP_WAIT_POLICY: 'PASSIVE' } : {}) });
  const script = `
import json, time, torch
torch.set_num_threads(${threads})
def time_it(fn, min_seconds=0.2, batches=7):
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps): fn()
        if time.perf_counter() - t0 >= min_seconds / batches or reps > 1e7: break
        reps *= 2
    ts = []
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(reps): fn()
        ts.append((time.perf_counter() - t0) / reps)
    return sorted(ts)[len(ts) // 2]
cases = json.loads(${JSON.stringify(JSON.stringify(cases))})
out = {}
for name, (setup, stmt) in cases.items():
    env = {"torch": torch}
    exec(setup, env)
    try:  # an expression is timed as a plain lambda, without exec's per-call cost
        compile(stmt, name, "eval")
        fn = eval("lambda: " + stmt, env)
    except SyntaxError:
        code = compile(stmt, name, "exec")
        fn = lambda: exec(code, env)
    out[name] = time_it(fn)
print(json.dumps(out))
`;
  const res = execFileSync('/usr/bin/python3', ['-c', script], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(res.trim().split('\n').pop()!);
}

export function fmtTime(s: number): string {
  if (s < 1e-3) return `${(s * 1e6).toFixed(2)} us`;
  if (s < 1) return `${(s * 1e3).toFixed(2)} ms`;
  return `${s.toFixed(2)} s`;
}

export function table(rows: { name: string; ours: number; torch: number; extra?: string }[], reference = 'PyTorch'): void {
  const w = Math.max(...rows.map((r) => r.name.length), 8);
  console.log(`${'workload'.padEnd(w)}  ${'torchlab'.padStart(11)}  ${reference.padStart(11)}  ratio`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(w)}  ${fmtTime(r.ours).padStart(11)}  ${fmtTime(r.torch).padStart(11)}  ${(r.ours / r.torch).toFixed(2)}x${r.extra ? '  ' + r.extra : ''}`);
  }
}
