// ComfyUI's answers as zod schemas: loose (extra fields are normal and ignored), and only as
// strict as what we read. Shapes follow /work/shared/comfyui/RECORDED.md and PROTOCOL.md.
import { z } from 'zod';

const Obj = z.record(z.string(), z.unknown());

export const SystemStatsSchema = z.looseObject({
  system: z.looseObject({
    comfyui_version: z.string().optional(),
    os: z.string().optional(),
  }),
  devices: z
    .array(
      z.looseObject({
        name: z.string().catch('unknown'),
        type: z.string().catch('unknown'),
        vram_total: z.number().nonnegative().catch(0),
        vram_free: z.number().nonnegative().catch(0),
      }),
    )
    .catch([]),
});

export const FeaturesSchema = z.looseObject({ max_upload_size: z.number().positive().optional().catch(undefined) });

export const UploadResponseSchema = z.looseObject({
  name: z.string().min(1),
  subfolder: z.string().catch(''),
  type: z.string().catch('input'),
});

export const QueuePromptResponseSchema = z.looseObject({
  prompt_id: z.string().min(1),
  number: z.number(),
});

const ErrorEntrySchema = z.looseObject({
  type: z.string().optional().catch(undefined),
  message: z.string().catch(''),
  details: z.string().optional().catch(undefined),
  extra_info: Obj.optional().catch(undefined),
});

/** The 400 body of POST /prompt: `{error: {type, message, details, extra_info}, node_errors: {...}}`. */
export const PromptErrorBodySchema = z.looseObject({
  error: z.union([ErrorEntrySchema, z.string()]),
  node_errors: z
    .record(
      z.string(),
      z.looseObject({
        errors: z.array(ErrorEntrySchema).catch([]),
        class_type: z.string().optional().catch(undefined),
      }),
    )
    .catch({}),
});

export const HistoryEntrySchema = z.looseObject({
  outputs: Obj.catch({}),
  status: z
    .looseObject({
      status_str: z.string().optional().catch(undefined),
      completed: z.boolean().optional().catch(undefined),
      messages: z.array(z.unknown()).catch([]),
    })
    .optional()
    .catch(undefined),
});
export type HistoryEntry = z.output<typeof HistoryEntrySchema>;

/** `/history/<id>`: `{}` (pending or unknown) or `{ "<id>": entry }`. */
export const HistorySchema = z.record(z.string(), HistoryEntrySchema);

/** `/queue`: items are arrays `[number, prompt_id, graph, extra_data, outputs]`. */
export const QueueSchema = z.looseObject({
  queue_running: z.array(z.array(z.unknown())).catch([]),
  queue_pending: z.array(z.array(z.unknown())).catch([]),
});

export const JOB_STATUSES = ['pending', 'in_progress', 'completed', 'failed', 'cancelled'] as const;

/** `/api/jobs/<id>` (ComfyUI ≥ 0.5.1). */
export const JobSchema = z.looseObject({
  id: z.string(),
  status: z.enum(JOB_STATUSES),
  outputs: Obj.optional().catch(undefined),
  execution_error: Obj.optional().catch(undefined),
});

/** `/api/jobs?limit=1`: only used to learn whether the jobs API exists. */
export const JobListSchema = z.looseObject({ jobs: z.array(z.unknown()) });

/** `execution_error` data, in a WebSocket message or a history status message. */
export const ExecutionErrorSchema = z.looseObject({
  node_id: z.union([z.string(), z.number()]).nullish().catch(null),
  node_type: z.string().nullish().catch(null),
  exception_message: z.string().nullish().catch(null),
  exception_type: z.string().nullish().catch(null),
});

const NodeInputsSchema = z.record(z.string(), z.unknown());

/** One /object_info entry, with the input tables normalised and everything else kept. */
export const NodeInfoSchema = z.looseObject({
  input: z
    .looseObject({
      required: NodeInputsSchema.optional().catch(undefined),
      optional: NodeInputsSchema.optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  output_node: z.boolean().optional().catch(undefined),
});
export type NodeInfo = z.output<typeof NodeInfoSchema>;
