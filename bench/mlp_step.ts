// The tiny MLP step (Linear(1,20)-ReLU-Linear(20,20)-ReLU-Linear(20,1), batch 10, SGD) and the
// lecture 002 two-layer net step (N=64, D_in=1000, H=100, D_out=10, manual gradients): torchlab vs PyTorch.
import { torch } from '../runtime/src';
import { table, timeIt, timePyTorch } from './harness';

export function run(): void {
  const { nn } = torch;
  torch.manual_seed(0);
  const model = new nn.Sequential(new nn.Linear(1, 20), new nn.ReLU(), new nn.Linear(20, 20), new nn.ReLU(), new nn.Linear(20, 1));
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.01 });
  const x = torch.randn(10, 1), y = torch.randn(10, 1);
  const step = () => {
    opt.zero_grad();
    const loss = nn.functional.mse_loss(model(x), y);
    loss.backward();
    opt.step();
  };
  const adam = new torch.optim.Adam(model.parameters(), { lr: 0.01 });
  const stepAdam = () => {
    adam.zero_grad();
    const loss = nn.functional.mse_loss(model(x), y);
    loss.backward();
    adam.step();
  };
  const X = torch.randn(64, 1000), Y = torch.randn(64, 10);
  let w1 = torch.randn(1000, 100), w2 = torch.randn(100, 10);
  const manual = () => {
    const h = X.mm(w1), hr = h.clamp({ min: 0 }), yp = hr.mm(w2);
    const gy = yp.sub(Y).mul(2);
    const gw2 = hr.t().mm(gy);
    const gh = gy.mm(w2.t());
    gh.set(h.lt(0), 0);
    const gw1 = X.t().mm(gh);
    w1 = w1.sub(gw1.mul(1e-6));
    w2 = w2.sub(gw2.mul(1e-6));
  };
  const ours = { 'tiny MLP step, SGD': timeIt(step, { minSeconds: 1 }), 'tiny MLP step, Adam': timeIt(stepAdam, { minSeconds: 1 }),
    'lecture 002 manual step': timeIt(manual, { minSeconds: 2, batches: 5 }) };
  const setup = `
torch.manual_seed(0)
nn = torch.nn
model = nn.Sequential(nn.Linear(1, 20), nn.ReLU(), nn.Linear(20, 20), nn.ReLU(), nn.Linear(20, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
adam = torch.optim.Adam(model.parameters(), lr=0.01)
x, y = torch.randn(10, 1), torch.randn(10, 1)
X, Y = torch.randn(64, 1000), torch.randn(64, 10)
w1, w2 = torch.randn(1000, 100), torch.randn(100, 10)
def manual():
    global w1, w2
    h = X.mm(w1); hr = h.clamp(min=0); yp = hr.mm(w2)
    gy = 2.0 * (yp - Y); gw2 = hr.t().mm(gy); gh = gy.mm(w2.t()); gh[h < 0] = 0; gw1 = X.t().mm(gh)
    w1 = w1 - 1e-6 * gw1; w2 = w2 - 1e-6 * gw2
`;
  const theirs = timePyTorch({
    'tiny MLP step, SGD': [setup, 'opt.zero_grad(); loss = nn.functional.mse_loss(model(x), y); loss.backward(); opt.step()'],
    'tiny MLP step, Adam': [setup, 'adam.zero_grad(); loss = nn.functional.mse_loss(model(x), y); loss.backward(); adam.step()'],
    'lecture 002 manual step': [setup, 'manual()'],
  });
  table(Object.keys(ours).map((name) => ({ name, ours: ours[name as keyof typeof ours], torch: theirs[name] })));
}

if (require.main === module) run();
