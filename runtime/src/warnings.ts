// Python's warnings.warn as the lectures see it: `UserWarning: message` on stderr, each distinct
// message once (Python's "default" action shows a warning once per place it is raised from).
const seen = new Set<string>();

export function warn(message: string, category = 'UserWarning'): void {
  const key = `${category}: ${message}`;
  if (seen.has(key)) return;
  seen.add(key);
  process.stderr.write(`${key}\n`);
}

/** Show every warning again (warnings.resetwarnings(), for tests). */
export function resetwarnings(): void { seen.clear(); }
