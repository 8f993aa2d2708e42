// The layering of runtime/ and kernel/, checked by dependency-cruiser on every `npm test`
// (`npm run check:layers`). Lower layers never import higher ones:
//
//   errors.ts, collections.ts          shared leaves (Python's exceptions and OrderedDict)
//   tensor/                            dtypes, storage, shapes, Tensor (no op, no kernel, no printer)
//   random/, display/                  generators; formatters of plain values
//   backends/                          primitive kernels per device kind (no op, no autograd)
//   autograd/                          the tape and backward (tensors through their methods)
//   ops/                               every op once, with its gradient; Tensor's chained methods
//   nn/ optim/ data/ lightning/ metrics/ ...   through ops/index.ts and the public Tensor API
//   torch.ts, index.ts                 the namespaces users import
//
// The kernel knows the runtime only through the preload (which names its files by path) and the
// display protocol (Symbol.for('Jupyter.display')); it imports nothing from runtime/.
//
// Rules are about what a module loads at run time. An `import type` only names a type and is
// erased by the compiler: Tensor's grad_fn is an autograd Node, so tensor/tensor.ts names it (and
// the type-only circle this makes is reported as a warning, not an error).
const SRC = '^runtime/src/';
const LEAVES = `${SRC}(errors|collections)\\.ts$`;
const ABOVE_OPS = `${SRC}(nn|optim|data|lightning|metrics|text|sklearn|plot|serialization|utils|torch\\.ts|index\\.ts|cuda\\.ts)`;

module.exports = {
  forbidden: [
    {
      name: 'tensor-is-the-base',
      comment: 'tensor/ imports no op, autograd code, backend, printer or anything above: only tensor/ and the shared leaves',
      severity: 'error',
      from: { path: `${SRC}tensor/` },
      to: { path: SRC, pathNot: [`${SRC}tensor/`, LEAVES, `${SRC}autograd/graph\\.ts$`] },
    },
    {
      name: 'tensor-names-autograd-types-only',
      comment: 'tensor/ may name autograd\'s Node as a type (grad_fn), never load autograd',
      severity: 'error',
      from: { path: `${SRC}tensor/` },
      to: { path: `${SRC}autograd/`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'backends-below-ops',
      comment: 'a backend implements primitive kernels over tensors: it imports no op, autograd, nn or anything above',
      severity: 'error',
      from: { path: `${SRC}backends/` },
      to: { path: [`${SRC}(ops|autograd|display)/`, ABOVE_OPS] },
    },
    {
      name: 'autograd-below-ops',
      comment: 'autograd walks the graph with the public Tensor methods: it imports no op, backend or anything above',
      severity: 'error',
      from: { path: `${SRC}autograd/` },
      to: { path: [`${SRC}(ops|backends|display|random)/`, ABOVE_OPS] },
    },
    {
      name: 'display-formats-plain-values',
      comment: 'display/ formats what it is given (dtypes, numbers): it imports no tensor code beyond dtypes',
      severity: 'error',
      from: { path: `${SRC}display/` },
      to: { path: SRC, pathNot: [`${SRC}display/`, LEAVES, `${SRC}tensor/dtype\\.ts$`] },
    },
    {
      name: 'ops-below-their-users',
      comment: 'ops import nothing of the layers built on them',
      severity: 'error',
      from: { path: `${SRC}ops/` },
      to: { path: ABOVE_OPS },
    },
    {
      name: 'layers-use-ops-and-the-tensor-api',
      comment: 'nn, optim, data, lightning, metrics use tensors through ops/index.ts and the public Tensor API: no op internals, gradient recording, kernels or printers',
      severity: 'error',
      from: { path: `${SRC}(nn|optim|data|lightning|metrics)/` },
      to: { path: [`${SRC}ops/(?!index\\.ts$)`, `${SRC}autograd/engine\\.ts$`, `${SRC}backends/`, `${SRC}display/`] },
    },
    {
      name: 'serialization-reads-tensors-only',
      comment: 'serialization imports only tensor/ (and the shared leaves) from the runtime',
      severity: 'error',
      from: { path: `${SRC}serialization/` },
      to: { path: SRC, pathNot: [`${SRC}(serialization|tensor)/`, LEAVES] },
    },
    {
      name: 'kernel-knows-the-runtime-by-protocol',
      comment: 'the kernel reaches the runtime only through the preload (paths, not imports) and the display protocol',
      severity: 'error',
      from: { path: '^kernel/' },
      to: { path: '^runtime/' },
    },
    {
      name: 'runtime-knows-no-kernel',
      comment: 'the runtime runs in any Node process: it imports nothing from the kernel',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { path: '^kernel/' },
    },
    {
      name: 'no-circular',
      comment: 'no import circles inside runtime/ (load order must not matter)',
      severity: 'error',
      from: { path: SRC },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'type-only-circles',
      comment: 'circles closed only by type imports: erased at compile time, listed so they stay few',
      severity: 'warn',
      from: { path: SRC },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.as\\.ts$', '^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
