// User parameter values → a complete, validated set (defaults filled). The same check runs in
// the UI's command handler and again before a prompt is built.
import { assertNever } from './never';
import type { ResolvedParams, WorkflowDefinition } from './types';

export type ParamsResult = { ok: true; params: ResolvedParams } | { ok: false; message: string };

export function resolveParams(def: WorkflowDefinition, partial: Readonly<Record<string, unknown>> = {}): ParamsResult {
  const problems: string[] = [];
  const names = Object.keys(def.params);
  for (const key of Object.keys(partial)) {
    if (!Object.hasOwn(def.params, key)) {
      problems.push(`workflow "${def.id}" has no parameter "${key}" (${names.length > 0 ? `it has ${names.join(', ')}` : 'it has none'})`);
    }
  }
  const params: ResolvedParams = {};
  for (const [name, spec] of Object.entries(def.params)) {
    const given = Object.hasOwn(partial, name) ? partial[name] : undefined;
    const value: unknown = given === undefined ? spec.default : given;
    switch (spec.type) {
      case 'int': {
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          problems.push(`${name} must be a whole number (got ${show(value)})`);
        } else if (value < spec.min || value > spec.max) {
          problems.push(`${name} must be between ${spec.min} and ${spec.max} (got ${value})`);
        } else if (spec.multipleOf !== null && value % spec.multipleOf !== 0) {
          problems.push(`${name} must be a multiple of ${spec.multipleOf} (got ${value})`);
        } else {
          params[name] = value;
        }
        break;
      }
      case 'choice': {
        if (typeof value !== 'string' || !spec.choices.includes(value)) {
          problems.push(`${name} must be one of ${spec.choices.join(', ')} (got ${show(value)})`);
        } else {
          params[name] = value;
        }
        break;
      }
      default:
        assertNever(spec);
    }
  }
  return problems.length > 0 ? { ok: false, message: problems.join('; ') } : { ok: true, params };
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
