// Waiting for work that may take too long: the caller's answer in time, the work left to finish on its own.

/**
 * `work`'s outcome, or `late` when it has not settled within `ms`: the caller goes on while the
 * work does (whatever it comes to then is the work's own business).
 */
export async function within<T, L>(work: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<L>((resolve) => { timer = setTimeout(() => resolve(late), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
