// Ops against PyTorch (fixtures from test/oracle/gen_ops.py): each case is an expression both
// languages read; values, shapes, dtypes, strides, storage sharing and error texts must agree.
import { strict as assert } from 'assert';
import { Case, close, evaluate, fixture, fixtureInputs, normalise } from './ops_fixture';

const inputs = fixtureInputs();

describe('ops (oracle fixtures)', () => {
  for (const c of fixture.cases as Case[]) {
    it(c.error ? `${c.expr} raises` : c.expr, () => {
      if (c.error !== undefined) {
        assert.throws(() => evaluate(c, inputs), (e: Error) => {
          assert.equal(e.message, c.error);
          if (c.etype) assert.equal(e.name, c.etype, 'exception type');
          return true;
        });
        return;
      }
      close(normalise(evaluate(c, inputs)), c.value!, c.expr);
    });
  }
});
