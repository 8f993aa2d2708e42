// Settings from the environment: environment variables in Node, `globalThis.TORCHLAB_ENV` in a
// browser (where a page sets them before loading the runtime).
export function envVar(name: string): string | undefined {
  if (typeof process !== 'undefined' && process.env) return process.env[name];
  return (globalThis as { TORCHLAB_ENV?: Record<string, string> }).TORCHLAB_ENV?.[name];
}
