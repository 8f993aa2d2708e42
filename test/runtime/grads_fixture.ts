// The gradient fixture (test/oracle/gen_grads.py) and the TypeScript spellings of its Python
// subscripts and keyword arguments, shared by the CPU and cuda gradient tests.

// required as JSON (from dist/test/runtime), so a bundler can carry it into a browser
export const gradsFixture = require('../../../test/fixtures/grads.json');

export const GRAD_TS: Record<string, string> = {
  'x[1:, ::2]': "x.index('1:, ::2')", 'x[:, None]': "x.index(':, None')", 'x[0]': 'x.index(0)', 'x[x > 0]': 'x.index(x.gt(0))',
  'x[[0, 2]]': 'x.index([0, 2])', 'x[:, [1, 3]]': "x.index(':', [1, 3])", 'x.sum(0, True)': 'x.sum(0, true)',
  'x.masked_fill(x > 0, 0.0)': 'x.masked_fill(x.gt(0), 0.0)', 'torch.where(x > 0, x, y)': 'torch.where(x.gt(0), x, y)',
  'torch.nn.functional.normalize(x, 2, 1)': 'torch.nn.functional.normalize(x, { p: 2, dim: 1 })',
  'torch.nn.functional.linear(x, m.t(), r.add(1).repeat(2)[:5])': "torch.nn.functional.linear(x, m.t(), r.add(1).repeat(2).index(':5'))",
};
