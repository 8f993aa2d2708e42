// The line count printed by `npm test` (scripts/lines.ts) counts code, not comments or blanks.
import { strict as assert } from 'assert';
import { codeLines } from '../scripts/lines';

describe('line count', () => {
  it('counts lines holding code, not blank lines or comments', () => {
    const src = [
      '// a comment', '', 'const a = 1;', '/* a block', ' * comment */', 'const b = 2; // trailing', '/** one line */',
      '/* lead */ const c = 3;', '  ', 'function f() {', '}',
    ].join('\n');
    assert.equal(codeLines(src), 5);
  });
});
