import { AbortError } from '@switchboard/runtime';

export function abortErrorFor(signal: AbortSignal): AbortError {
  return new AbortError('The listing was aborted', { cause: signal.reason });
}

/**
 * An abort controller that also aborts when its parent does. A child of another scope registers
 * with it rather than listening to its signal, so a call over many accounts adds one listener to
 * the caller's signal, not one per account (which Node reports as a possible leak past ten).
 */
export class AbortScope {
  readonly #controller = new AbortController();
  readonly #children = new Set<AbortScope>();
  readonly #detach: () => void;

  constructor(parent?: AbortSignal | AbortScope) {
    if (parent instanceof AbortScope) {
      if (parent.signal.aborted) this.#controller.abort(parent.signal.reason);
      else parent.#children.add(this);
      this.#detach = () => parent.#children.delete(this);
    } else if (parent) {
      const onParentAbort = () => this.abort(parent.reason);
      if (parent.aborted) this.#controller.abort(parent.reason);
      else parent.addEventListener('abort', onParentAbort, { once: true });
      this.#detach = () => parent.removeEventListener('abort', onParentAbort);
    } else {
      this.#detach = () => {};
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  abort(reason?: unknown): void {
    if (this.#controller.signal.aborted) return;
    this.#controller.abort(reason);
    for (const child of this.#children) child.abort(this.#controller.signal.reason);
    this.#children.clear();
  }

  /** Stops listening to the parent, so that a long-lived parent does not collect listeners. */
  dispose(): void {
    this.#detach();
  }
}
