// A WebAssembly module embedded as base64 (src/generated/, built by scripts/build-wasm.mjs from
// assembly/): compiled on first use, once per process, and instantiated afresh for each
// computation (the modules never free memory: an instance's memory goes with it). Pure.

export class EmbeddedWasm<Exports> {
  private compiled: WebAssembly.Module | undefined;

  constructor(private readonly base64: string) {}

  /**
   * A new instance. Its imports are the runtime's abort, which a failed memory.grow calls
   * (`outOfMemory` is thrown from there, as the caller's "over its budget" error), and the
   * functions the module declares, under its own name (`imports`).
   */
  instantiate(outOfMemory: () => Error, imports: Record<string, Record<string, (...args: number[]) => number>> = {}): Exports {
    this.compiled ??= new WebAssembly.Module(Buffer.from(this.base64, 'base64'));
    const instance = new WebAssembly.Instance(this.compiled, {
      ...imports,
      env: {
        abort: () => {
          throw outOfMemory();
        },
      },
    });
    return instance.exports as unknown as Exports;
  }
}
