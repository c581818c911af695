// WorkflowDefinition → the contract's WorkflowDto (what the UI lists and renders as a form).
import type { WorkflowDto, WorkflowParamDto } from '../../shared/contract';
import type { WorkflowDefinition } from './types';

/**
 * English title and labels: the contract's WorkflowDto carries one string each. The zh-CN texts
 * stay on the definition (def.title, params[].label) for when the contract carries both.
 */
export function toWorkflowDto(def: WorkflowDefinition): WorkflowDto {
  const params = Object.entries(def.params).map(([name, spec]): WorkflowParamDto => {
    const label = spec.label?.en ?? name;
    return spec.type === 'int'
      ? { type: 'int', name, label, min: spec.min, max: spec.max, multipleOf: spec.multipleOf, default: spec.default }
      : { type: 'choice', name, label, choices: [...spec.choices], default: spec.default };
  });
  return { id: def.id, title: def.title.en, kind: def.kind, params, requiredNodes: [...def.requires.nodes] };
}
