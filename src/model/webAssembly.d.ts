// The part of the WebAssembly JavaScript API that embeddedWasm.ts and its users need: TypeScript's
// libraries declare it only with the DOM's, and @types/node 20 not at all.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
}
