// Python's collections.OrderedDict, as state_dict() returns it: a Map that prints as PyTorch shows
// it. A leaf module: nn, data and serialization all use it.
export class OrderedDict<V> extends Map<string, V> {
  override toString(): string {
    return `OrderedDict([${[...this].map(([k, v]) => `('${k}', ${String(v)})`).join(', ')}])`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}
