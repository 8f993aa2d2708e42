// The 32-bit Mersenne Twister as PyTorch's CPU generator runs it: the reference initialisation
// from the low 32 bits of the seed and the standard tempering.
const N = 624, M = 397;
const UPPER = 0x80000000, LOWER = 0x7fffffff, MATRIX_A = 0x9908b0df;

export class MT19937 {
  readonly state = new Int32Array(N);
  index = N;

  constructor(seed = 5489) { this.seed(seed); }

  seed(seed: number): void {
    const s = this.state;
    s[0] = seed >>> 0;
    for (let j = 1; j < N; j++) {
      const prev = (s[j - 1] ^ (s[j - 1] >>> 30)) >>> 0;
      // 1812433253 * prev + j modulo 2^32, exact in 32-bit integer arithmetic
      s[j] = (Math.imul(1812433253, prev) + j) | 0;
    }
    this.index = N;
  }

  private twist(): void {
    const s = this.state;
    let k = 0;
    // Three loops instead of index arithmetic modulo N: this is the hot part of every draw.
    for (; k < N - M; k++) {
      const y = (s[k] & UPPER) | (s[k + 1] & LOWER);
      s[k] = s[k + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; k < N - 1; k++) {
      const y = (s[k] & UPPER) | (s[k + 1] & LOWER);
      s[k] = s[k + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (s[N - 1] & UPPER) | (s[0] & LOWER);
    s[N - 1] = s[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.index = 0;
  }

  /** Next uint32, as a non-negative number. */
  next(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}
