// The Porter stemmer as NLTK's PorterStemmer().stem runs it in its default NLTK_EXTENSIONS mode:
// Porter's five steps with Martin Porter's published extensions and NLTK's own departures
// (irregular forms, 'ies'/'ied' on four-letter words, 'alli', 'fulli', 'logi', two-letter cvc).

type Cond = ((stem: string) => boolean) | null;
/** [suffix, replacement, condition on the stem]; suffix '*d' means "ends in a double consonant". */
type Rule = [string, string, Cond];

const IRREGULAR: Record<string, string[]> = {
  sky: ['sky', 'skies'], die: ['dying'], lie: ['lying'], tie: ['tying'], news: ['news'],
  inning: ['innings', 'inning'], outing: ['outings', 'outing'], canning: ['cannings', 'canning'],
  howe: ['howe'], proceed: ['proceed'], exceed: ['exceed'], succeed: ['succeed'],
};
const POOL = new Map<string, string>();
for (const [k, forms] of Object.entries(IRREGULAR)) for (const f of forms) POOL.set(f, k);

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

function isConsonant(w: string, i: number): boolean {
  const c = w[i];
  if (VOWELS.has(c)) return false;
  if (c === 'y') return i === 0 ? true : !isConsonant(w, i - 1);
  return true;
}

/** m in [C](VC)^m[V]: the number of vowel-consonant transitions. */
function measure(stem: string): number {
  let m = 0;
  let prevVowel = false;
  for (let i = 0; i < stem.length; i++) {
    const cons = isConsonant(stem, i);
    if (cons && prevVowel) m++;
    prevVowel = !cons;
  }
  return m;
}

const positive = (s: string) => measure(s) > 0;
const gt1 = (s: string) => measure(s) > 1;

function containsVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsDoubleConsonant(w: string): boolean {
  return w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1);
}

/** *o: consonant-vowel-consonant, the last not w, x or y; NLTK also accepts a two-letter vowel-consonant word. */
function endsCvc(w: string): boolean {
  const n = w.length;
  return (n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1) && !'wxy'.includes(w[n - 1]))
    || (n === 2 && !isConsonant(w, 0) && isConsonant(w, 1));
}

/** The first rule whose suffix matches decides: replace if its condition holds, else leave the word. */
function applyRules(word: string, rules: Rule[]): string {
  for (const [suffix, replacement, cond] of rules) {
    if (suffix === '*d' && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return !cond || cond(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = suffix ? word.slice(0, -suffix.length) : word;
      return !cond || cond(stem) ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(w: string): string {
  if (w.endsWith('ies') && w.length === 4) return w.slice(0, -3) + 'ie';
  return applyRules(w, [['sses', 'ss', null], ['ies', 'i', null], ['ss', 'ss', null], ['s', '', null]]);
}

function step1b(w: string): string {
  if (w.endsWith('ied')) return w.slice(0, -3) + (w.length === 4 ? 'ie' : 'i');
  if (w.endsWith('eed')) {
    const stem = w.slice(0, -3);
    return measure(stem) > 0 ? stem + 'ee' : w;
  }
  let inter: string | null = null;
  for (const suffix of ['ed', 'ing']) {
    if (w.endsWith(suffix)) {
      const s = w.slice(0, -suffix.length);
      if (containsVowel(s)) { inter = s; break; }
    }
  }
  if (inter === null) return w;
  const last = inter[inter.length - 1];
  return applyRules(inter, [
    ['at', 'ate', null], ['bl', 'ble', null], ['iz', 'ize', null],
    ['*d', last, () => !'lsz'.includes(last)],
    ['', 'e', (s) => measure(s) === 1 && endsCvc(s)],
  ]);
}

function step1c(w: string): string {
  return applyRules(w, [['y', 'i', (s) => s.length > 1 && isConsonant(s, s.length - 1)]]);
}

const STEP2: Rule[] = [
  ['ational', 'ate', positive], ['tional', 'tion', positive], ['enci', 'ence', positive], ['anci', 'ance', positive],
  ['izer', 'ize', positive], ['bli', 'ble', positive], ['alli', 'al', positive], ['entli', 'ent', positive],
  ['eli', 'e', positive], ['ousli', 'ous', positive], ['ization', 'ize', positive], ['ation', 'ate', positive],
  ['ator', 'ate', positive], ['alism', 'al', positive], ['iveness', 'ive', positive], ['fulness', 'ful', positive],
  ['ousness', 'ous', positive], ['aliti', 'al', positive], ['iviti', 'ive', positive], ['biliti', 'ble', positive],
  ['fulli', 'ful', positive],
];

function step2(w: string): string {
  if (w.endsWith('alli') && positive(w.slice(0, -4))) return step2(w.slice(0, -4) + 'al');
  // NLTK's 'logi' rule measures the word without 'ogi' (i.e. the stem plus its 'l').
  return applyRules(w, [...STEP2, ['logi', 'log', () => positive(w.slice(0, -3))]]);
}

const STEP3: Rule[] = [
  ['icate', 'ic', positive], ['ative', '', positive], ['alize', 'al', positive], ['iciti', 'ic', positive],
  ['ical', 'ic', positive], ['ful', '', positive], ['ness', '', positive],
];

const STEP4: Rule[] = [
  ['al', '', gt1], ['ance', '', gt1], ['ence', '', gt1], ['er', '', gt1], ['ic', '', gt1], ['able', '', gt1],
  ['ible', '', gt1], ['ant', '', gt1], ['ement', '', gt1], ['ment', '', gt1], ['ent', '', gt1],
  ['ion', '', (s) => measure(s) > 1 && (s.endsWith('s') || s.endsWith('t'))], ['ou', '', gt1], ['ism', '', gt1],
  ['ate', '', gt1], ['iti', '', gt1], ['ous', '', gt1], ['ive', '', gt1], ['ize', '', gt1],
];

function step5a(w: string): string {
  if (!w.endsWith('e')) return w;
  const stem = w.slice(0, -1);
  const m = measure(stem);
  return m > 1 || (m === 1 && !endsCvc(stem)) ? stem : w;
}

function step5b(w: string): string {
  return applyRules(w, [['ll', 'l', () => measure(w.slice(0, -1)) > 1]]);
}

export class PorterStemmer {
  private readonly cache = new Map<string, string>();
  /** Stem one word (lower-cased first, as NLTK does by default). */
  stem(word: string, to_lowercase = true): string {
    const hit = this.cache.get(word);
    if (hit !== undefined && to_lowercase) return hit;
    const s = stemWord(word, to_lowercase);
    if (to_lowercase && this.cache.size < 1 << 20) this.cache.set(word, s);
    return s;
  }
  toString(): string { return '<PorterStemmer>'; }
}

export function stemWord(word: string, to_lowercase = true): string {
  let s = to_lowercase ? word.toLowerCase() : word;
  const irregular = POOL.get(word);
  if (irregular !== undefined) return POOL.get(s) ?? irregular;
  if (word.length <= 2) return s;
  s = step1a(s);
  s = step1b(s);
  s = step1c(s);
  s = step2(s);
  s = applyRules(s, STEP3);
  s = applyRules(s, STEP4);
  s = step5a(s);
  return step5b(s);
}
