// torch.save / torch.load of lecture 001's state_dict (FeedForwardClassifier 10106-100-100-100-2,
// 4.1 MB) against PyTorch's, and the cost of one SummaryWriter.add_scalar (no TensorBoard in
// Debian to time PyTorch's writer against). torchlab's save also fsyncs its temporary file before
// renaming it into place; PyTorch's does neither.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { torch } from '../runtime/src';
import { fmtTime, table, timeIt, timePyTorch } from './harness';

export function run(): void {
  const { nn } = torch;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-bench-files-'));
  try {
    torch.manual_seed(0);
    const model = new nn.Sequential(new nn.Linear(10106, 100), new nn.Linear(100, 100), new nn.Linear(100, 100), new nn.Linear(100, 2));
    const sd = model.state_dict();
    const ours = path.join(dir, 'ours.pt'), theirs = path.join(dir, 'theirs.pt');
    torch.save(sd, ours);
    const timings = {
      'torch.save(state_dict)': timeIt(() => torch.save(sd, ours), { minSeconds: 2 }),
      'torch.load(state_dict)': timeIt(() => torch.load(ours), { minSeconds: 2 }),
    };
    const setup = `
nn = torch.nn
torch.manual_seed(0)
sd = nn.Sequential(nn.Linear(10106, 100), nn.Linear(100, 100), nn.Linear(100, 100), nn.Linear(100, 2)).state_dict()
torch.save(sd, ${JSON.stringify(theirs)})
`;
    const ref = timePyTorch({
      'torch.save(state_dict)': [setup, `torch.save(sd, ${JSON.stringify(theirs)})`],
      'torch.load(state_dict)': [setup, `torch.load(${JSON.stringify(theirs)})`],
    });
    table(Object.entries(timings).map(([name, t]) => ({ name, ours: t, torch: ref[name] })));
    const w = new torch.utils.tensorboard.SummaryWriter(path.join(dir, 'runs'));
    const loss = torch.tensor(0.25);
    let step = 0;
    const perScalar = timeIt(() => w.add_scalar('Loss/train', loss, step++), { minSeconds: 1 });
    w.close();
    console.log(`SummaryWriter.add_scalar (a 0-dim tensor, written per 8 KiB): ${fmtTime(perScalar)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) run();
