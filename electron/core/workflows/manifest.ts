// The manifest format (workflows/<id>/manifest.json) and the API-format graph, as zod schemas.
// Schemas are strict so that a typo in a hand-written manifest ("multipleof") is an error that
// names the key instead of a silently ignored setting. workflows/README.md documents the format.
import { z } from 'zod';

const NodeId = z.string().min(1, 'node id must not be empty');
const InputName = z.string().min(1, 'input name must not be empty');

export const LocalizedTextSchema = z.strictObject({
  en: z.string().min(1),
  'zh-CN': z.string().min(1),
});

const IntParamSchema = z.strictObject({
  type: z.literal('int'),
  node: NodeId,
  input: InputName,
  label: LocalizedTextSchema.optional(),
  min: z.number().int(),
  max: z.number().int(),
  multipleOf: z.number().int().positive().optional(),
  default: z.number().int(),
});

const ChoiceParamSchema = z.strictObject({
  type: z.literal('choice'),
  node: NodeId,
  input: InputName,
  label: LocalizedTextSchema.optional(),
  choices: z.array(z.string().min(1)).min(1),
  default: z.string(),
});

export const ParamSchema = z.discriminatedUnion('type', [IntParamSchema, ChoiceParamSchema]);

/** Absent = full. chroma names the DDColor node; chroma.ts checks that the graph allows it. */
export const ModeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('full') }),
  z.strictObject({ type: z.literal('chroma'), node: NodeId }),
]);

export const ManifestSchema = z.strictObject({
  schema: z.literal(1),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'id must be 1-64 characters of a-z, 0-9 and "-", starting with a letter or digit'),
  title: LocalizedTextSchema,
  kind: z.string().min(1),
  imageInput: z.strictObject({ node: NodeId, input: InputName }),
  output: z.strictObject({ node: NodeId }),
  params: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'param names are identifiers (A-Z, a-z, 0-9, _)'), ParamSchema),
  requires: z.strictObject({
    nodes: z.array(z.string().min(1)).min(1),
    models: z.array(z.strictObject({ node: z.string().min(1), input: InputName, from: z.string().min(1) })),
  }),
  mode: ModeSchema.optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** API format as ComfyUI's POST /prompt takes it; unknown per-node keys are dropped. */
export const ApiPromptSchema = z
  .record(
    NodeId,
    z.object({
      class_type: z.string().min(1, 'class_type must not be empty'),
      inputs: z.record(z.string(), z.unknown()),
      _meta: z.object({ title: z.string().optional() }).optional(),
    }),
  )
  .refine((graph) => Object.keys(graph).length > 0, 'the workflow has no nodes');

/** One line per issue: `params.size.max: Invalid input: expected number, received string`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'}: ${issue.message}`)
    .join('; ');
}
