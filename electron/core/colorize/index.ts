// Public surface of electron/core/colorize: chroma mode (issue 8).
export { runChroma, recoverChroma } from './run-chroma';
export type { ChromaTimings, RecoverChromaInput, RunChromaInput, RunChromaResult } from './run-chroma';
export { prepareChromaInput } from './prepare';
export { chromaFromResult } from './chroma-plane';
export { rebuildFromChroma } from './rebuild';
export { RebuildWorkerError, createRebuildPool, defaultRebuildWorkers } from './rebuild-pool';
export type { RebuildPoolOptions, Rebuilder } from './rebuild-pool';
export { PhotoDecodeError, decodePixels } from './decode';
export { encodeRebuilt, encodeRebuiltForTransfer } from './encode';
export type { ChromaPlane, Pixels, RebuiltImage, SmallImage } from './pixels';
