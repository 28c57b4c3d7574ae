/**
 * `create` run once per key and its result kept for the life of the page: uploaders outlive the
 * page that shows them, so uploads carry on while the admin looks elsewhere, and Golden Retriever
 * is never told that their files are gone.
 */
export function perKey<T>(create: (key: string) => T): (key: string) => T {
  const made = new Map<string, T>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = create(key);
      made.set(key, value);
    }
    return value;
  };
}

/**
 * `run` once, `waitMs` after the first `trigger` of a burst, however many follow in between:
 * hundreds of finished uploads become one refresh. `cancel` drops a run still waiting.
 */
export function coalesce(run: () => void, waitMs: number): { trigger: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    trigger: () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        run();
      }, waitMs);
    },
    cancel: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
