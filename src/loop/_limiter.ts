/** At most `limit` holders at once; the others wait, served in arrival order. */
export class Limiter {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.#active < this.limit) {
      this.#active++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the place to the next waiter, or frees it. */
  release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next();
    else this.#active--;
  }
}
