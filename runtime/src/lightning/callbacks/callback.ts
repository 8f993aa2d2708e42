// pl.Callback (1.9): hooks the Trainer calls on every callback, in the order the callbacks were
// given, around the module's hooks of the same name. `state_key` names its entry in a checkpoint.
/* eslint-disable @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any */
import type { Trainer } from '../trainer';
import type { LightningModule } from '../module';
import type { Optimizer } from '../../optim/optimizer';
import type { Tensor } from '../../tensor/tensor';

type T = Trainer;
type M = LightningModule;

export class Callback {
  get state_key(): string { return this.constructor.name; }
  setup(trainer: T, pl_module: M, stage: string): void {}
  teardown(trainer: T, pl_module: M, stage: string): void {}
  on_fit_start(trainer: T, pl_module: M): void {}
  on_fit_end(trainer: T, pl_module: M): void {}
  on_sanity_check_start(trainer: T, pl_module: M): void {}
  on_sanity_check_end(trainer: T, pl_module: M): void {}
  on_train_start(trainer: T, pl_module: M): void {}
  on_train_end(trainer: T, pl_module: M): void {}
  on_train_epoch_start(trainer: T, pl_module: M): void {}
  on_train_epoch_end(trainer: T, pl_module: M): void {}
  on_train_batch_start(trainer: T, pl_module: M, batch: any, batch_idx: number): void {}
  on_train_batch_end(trainer: T, pl_module: M, outputs: any, batch: any, batch_idx: number): void {}
  on_validation_start(trainer: T, pl_module: M): void {}
  on_validation_end(trainer: T, pl_module: M): void {}
  on_validation_epoch_start(trainer: T, pl_module: M): void {}
  on_validation_epoch_end(trainer: T, pl_module: M): void {}
  on_validation_batch_start(trainer: T, pl_module: M, batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_validation_batch_end(trainer: T, pl_module: M, outputs: any, batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_test_start(trainer: T, pl_module: M): void {}
  on_test_end(trainer: T, pl_module: M): void {}
  on_test_epoch_start(trainer: T, pl_module: M): void {}
  on_test_epoch_end(trainer: T, pl_module: M): void {}
  on_test_batch_start(trainer: T, pl_module: M, batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_test_batch_end(trainer: T, pl_module: M, outputs: any, batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_predict_start(trainer: T, pl_module: M): void {}
  on_predict_end(trainer: T, pl_module: M): void {}
  on_predict_epoch_start(trainer: T, pl_module: M): void {}
  on_predict_epoch_end(trainer: T, pl_module: M, outputs: unknown[]): void {}
  on_predict_batch_start(trainer: T, pl_module: M, batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_predict_batch_end(trainer: T, pl_module: M, outputs: any, batch: any, batch_idx: number, dataloader_idx: number): void {}
  on_before_backward(trainer: T, pl_module: M, loss: Tensor): void {}
  on_after_backward(trainer: T, pl_module: M): void {}
  on_before_optimizer_step(trainer: T, pl_module: M, optimizer: Optimizer, opt_idx: number): void {}
  on_before_zero_grad(trainer: T, pl_module: M, optimizer: Optimizer): void {}
  on_exception(trainer: T, pl_module: M, exception: unknown): void {}
  on_save_checkpoint(trainer: T, pl_module: M, checkpoint: Record<string, unknown>): void {}
  on_load_checkpoint(trainer: T, pl_module: M, checkpoint: Record<string, unknown>): void {}
  state_dict(): Record<string, unknown> { return {}; }
  load_state_dict(state_dict: Record<string, unknown>): void {}
}
