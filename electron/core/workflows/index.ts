// Public surface of electron/core/workflows.
export type { ApiNode, ApiPrompt, LocalizedText, ModelRequirement, ParamSpec, ParamValue, ResolvedParams, WorkflowDefinition, WorkflowMode } from './types';
export { WorkflowError } from './errors';
export { loadWorkflowFile, loadWorkflows, scanWorkflows } from './load';
export type { WorkflowScan } from './load';
export { resolveParams } from './params';
export type { ParamsResult } from './params';
export { buildPrompt } from './prompt';
export { CHROMA_NODE_CLASSES, buildChromaPrompt, chromaModeProblems, chromaModelInputSize } from './chroma';
export type { ChromaShape } from './chroma';
export { comboOptions, missingModels, missingNodes } from './requirements';
export type { NodeInfoLike, ObjectInfoLike } from './requirements';
export { toWorkflowDto } from './dto';
export { idempotencyKey } from './idempotency';
export { sha256Hex } from './canonical';
