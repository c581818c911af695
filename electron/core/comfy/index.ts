// Public surface of electron/core/comfy.
export { createComfyClient } from './client';
export type { ComfyClient, ComfyClientOptions, ComfyEvents } from './client';
export { ComfyError, isTransient } from './errors';
export type { ComfyErrorInfo, ComfyErrorKind, NodeErrorLine } from './errors';
export type { QueuedPrompt, SystemStats, UploadedImage } from './endpoints';
export type { ImageRef } from './images';
export type { NodeProgress, PromptEvent } from './messages';
export type { NodeInfo } from './schemas';
export type { ConnectionState } from './socket';
export type { PromptOutcome, PromptStatus } from './status';
export type { Timers } from './timers';
export type { WaitOptions } from './wait';
export type { WaitStage } from './progress';
export { installHint } from './node-packs';
export { runPromptOnBackend } from './run-prompt';
export type { RunPromptInput, RunPromptResult } from './run-prompt';
