// Live outputs: tqdm-shaped progress bars and a loss curve, each one display updated in place.
export { tqdm, Tqdm, ProgressGroup } from './tqdm';
export type { TqdmOpts } from './tqdm';
export { LiveLossCurve } from './curve';
export type { LiveLossCurveOpts } from './curve';
export { LiveOutput, inKernel } from './live';
export { format_meter, format_interval, format_num } from './format';
