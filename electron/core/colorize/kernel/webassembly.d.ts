// The part of the WebAssembly JS API that wasm-rebuild.ts uses. Node has the global at run time,
// but its types ship only with TypeScript's DOM library, which plain-Node code does not load.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: BufferSource);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, never>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
type BufferSource = ArrayBufferView | ArrayBuffer;
