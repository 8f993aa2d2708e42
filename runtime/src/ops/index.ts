// The ops, by family, for the layers above them (nn, optim, data, ...), with Tensor's chained
// methods attached: importing this module is what makes `x.add(y)` work.
import './methods';
export * as creation from './creation';
export * as pointwise from './pointwise';
export * as reduce from './reduce';
export * as shape from './shape';
export * as indexing from './indexing';
export * as linalg from './linalg';
export * as activation from './activation';
export * as loss from './loss';
export * as fused from './fused';
export { Slice, slice, Ellipsis, IndexSpec } from './index_spec';
export { DimArg, ShapeArg } from './args';
