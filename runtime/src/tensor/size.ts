/** torch.Size: an array of ints that prints as PyTorch does. */
export class Size extends Array<number> {
  static override get [Symbol.species]() { return Array; }
  constructor(dims: readonly number[] = []) {
    super();
    for (const d of dims) this.push(d);
  }
  numel(): number { return this.reduce((a, b) => a * b, 1); }
  equals(other: readonly number[]): boolean { return this.length === other.length && this.every((d, i) => d === other[i]); }
  override toString(): string { return `torch.Size([${this.join(', ')}])`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}
