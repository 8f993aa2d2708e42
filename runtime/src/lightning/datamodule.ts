// pl.LightningDataModule: the dataloaders of an experiment in one object (prepare_data, setup,
// train/val/test/predict_dataloader), passed as `trainer.fit(model, { datamodule })`.
/* eslint-disable @typescript-eslint/no-unused-vars */
export class LightningDataModule {
  prepare_data(): void {}
  setup(stage: string): void {}
  teardown(stage: string): void {}
  train_dataloader?(): Iterable<unknown>;
  val_dataloader?(): Iterable<unknown> | Iterable<unknown>[];
  test_dataloader?(): Iterable<unknown> | Iterable<unknown>[];
  predict_dataloader?(): Iterable<unknown> | Iterable<unknown>[];
}
