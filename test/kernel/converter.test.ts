// The kernel's converter on its own: what a cell is compiled against (global typings), and the
// reuse of a cell compiled again unchanged.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Converter } from '../../kernel/src/converter';

describe('converter: global typings and recompiling', function () {
  this.timeout(120000);
  let dir: string;
  let conv: Converter;
  const messages = (src: string) => conv.compile(src).diagnostics.map((d) => d.message);
  const run = (src: string) => { const r = conv.compile(src); assert.deepEqual(r.diagnostics, []); r.commit(); return r; };

  before(() => {
    // A notebook folder with typings that only declare a global, and a package typed by @types.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-converter-'));
    const write = (file: string, text: string) => { fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true }); fs.writeFileSync(path.join(dir, file), text); };
    write('node_modules/@types/testglobal/package.json', JSON.stringify({ name: '@types/testglobal', version: '1.0.0', types: 'index.d.ts' }));
    write('node_modules/@types/testglobal/index.d.ts', 'declare const testGlobal: number;\n');
    write('node_modules/shout/package.json', JSON.stringify({ name: 'shout', version: '1.0.0', main: 'index.js' }));
    write('node_modules/shout/index.js', 'exports.shout = (s) => s.toUpperCase();\n');
    write('node_modules/@types/shout/package.json', JSON.stringify({ name: '@types/shout', version: '1.0.0', types: 'index.d.ts' }));
    write('node_modules/@types/shout/index.d.ts', 'export declare function shout(s: string): string;\n');
    conv = new Converter(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("sees Node's global typings, not other @types packages' globals unless a cell references them", () => {
    assert.deepEqual(messages('process.cwd().length + Buffer.from("x").length'), []);
    assert.deepEqual(messages('testGlobal + 1'), ["Cannot find name 'testGlobal'."]);
    assert.deepEqual(messages('/// <reference types="testglobal" />\ntestGlobal + 1'), []);
  });

  it("types an imported package from its @types package", () => {
    assert.deepEqual(messages('import { shout } from "shout";\nshout("a")'), []);
    assert.deepEqual(messages('import { shout } from "shout";\nshout(1)'), ["Argument of type 'number' is not assignable to parameter of type 'string'."]);
  });

  it('reuses a cell compiled again unchanged, until the declarations it is compiled against change', () => {
    run('let v = 1;');
    const first = conv.compile('v.toFixed(1)');
    assert.deepEqual(first.diagnostics, []);
    assert.equal(conv.compile('v.toFixed(1)'), first, 'compiled again unchanged: the same compiled cell');
    first.commit();
    assert.equal(conv.compile('v.toFixed(1)'), first, 'a cell that declares nothing changes nothing');
    run("let v = 'text';");
    assert.match(messages('v.toFixed(1)').join(), /^Property 'toFixed' does not exist on type 'string'\./);
    // A cell that declares: each run declares its names again.
    const decl = run('const w = 2;');
    assert.notEqual(conv.compile('const w = 2;'), decl);
    // A cell that imports is compiled afresh each time (the modules it reads may have changed).
    const imp = conv.compile('import * as os from "os";\nos.EOL');
    assert.notEqual(conv.compile('import * as os from "os";\nos.EOL'), imp);
  });
});
