// Process settings that make the runtime fast, applied where torchlab starts a process (the
// kernelspec, the benchmarks). They must be in the environment when the process starts.
//
// Tensors live in ArrayBuffers that V8 frees only at garbage collection, and glibc serves each
// large one with a fresh mmap that it unmaps when freed, so every new 4 MB tensor pays a page fault
// per 4 KB page (milliseconds on a virtual machine). Raising glibc's mmap threshold to its 32 MB
// maximum and keeping freed memory in the heap lets new tensors reuse memory already faulted in,
// which is what PyTorch's allocations get from glibc's own adaptive threshold.
export const MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456';

/** The environment for a torchlab process: `env` with the allocator settings added (kept if set). */
export function tunedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, GLIBC_TUNABLES: env.GLIBC_TUNABLES ?? MALLOC_TUNABLES };
}
