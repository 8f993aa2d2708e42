// PyTorch's exception types, so an error reads as it does in Python (`RuntimeError: ...`).
export class RuntimeError extends Error { override name = 'RuntimeError'; }
export class IndexError extends Error { override name = 'IndexError'; }
export class ValueError extends Error { override name = 'ValueError'; }
export class NotImplementedError extends Error { override name = 'NotImplementedError'; }
