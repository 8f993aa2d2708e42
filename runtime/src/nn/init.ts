// torch.nn.init: in-place initialisers drawing from the default generator as PyTorch does.
import { ValueError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { withGradMode } from '../autograd/graph';
import { Generator } from '../random';

type Gen = { generator?: Generator };
const ng = <T>(fn: () => T): T => withGradMode(false, fn);

export function calculate_gain(nonlinearity: string, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d': case 'sigmoid': return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leaky_relu': { const s = param ?? 0.01; return Math.sqrt(2 / (1 + s * s)); }
    case 'selu': return 3 / 4;
    default: throw new ValueError(`Unsupported nonlinearity ${nonlinearity}`);
  }
}

export function _calculate_fan_in_and_fan_out(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

export const zeros_ = (t: Tensor): Tensor => ng(() => t.zero_());
export const ones_ = (t: Tensor): Tensor => ng(() => t.fill_(1));
export const constant_ = (t: Tensor, v: number): Tensor => ng(() => t.fill_(v));
export const uniform_ = (t: Tensor, a = 0, b = 1, o: Gen = {}): Tensor => ng(() => t.uniform_(a, b, o));
export const normal_ = (t: Tensor, mean = 0, std = 1, o: Gen = {}): Tensor => ng(() => t.normal_(mean, std, o));

export function xavier_uniform_(t: Tensor, gain = 1, o: Gen = {}): Tensor {
  const [fi, fo] = _calculate_fan_in_and_fan_out(t);
  const a = Math.sqrt(3) * gain * Math.sqrt(2 / (fi + fo));
  return uniform_(t, -a, a, o);
}
export function xavier_normal_(t: Tensor, gain = 1, o: Gen = {}): Tensor {
  const [fi, fo] = _calculate_fan_in_and_fan_out(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fi + fo)), o);
}

type KaimingOpts = { a?: number; mode?: 'fan_in' | 'fan_out'; nonlinearity?: string } & Gen;
function kaimingStd(t: Tensor, o: KaimingOpts): number {
  const [fi, fo] = _calculate_fan_in_and_fan_out(t);
  const fan = (o.mode ?? 'fan_in') === 'fan_in' ? fi : fo;
  return calculate_gain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0) / Math.sqrt(fan);
}
export function kaiming_uniform_(t: Tensor, o: KaimingOpts = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, o);
  return uniform_(t, -bound, bound, o);
}
export function kaiming_normal_(t: Tensor, o: KaimingOpts = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, o), o);
}
