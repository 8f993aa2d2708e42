// torch.nn
export { Module, Parameter, OrderedDict } from './module';
export * from './layers';
export * from './loss';
export * as functional from './functional';
export * as init from './init';
export * as utils from './utils';
