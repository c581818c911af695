// ComfyUI emulator (test infrastructure): the node classes this emulated server has, in
// NODE_CLASS_MAPPINGS order (core nodes, then custom nodes in folder order).
import { ddcolorNode } from './node-ddcolor';
import { imageInvertNode, imageScaleByNode, imageScaleNode } from './node-image-transform';
import { loadImageNode } from './node-load-image';
import { previewImageNode, saveImageNode } from './node-save-image';
import { saveImageWebsocketNode } from './node-save-image-websocket';
import type { NodeClass } from './node-types';
import type { Json, JsonObject } from './py';

const ALL: readonly NodeClass[] = [
  saveImageNode,
  previewImageNode,
  loadImageNode,
  imageScaleNode,
  imageScaleByNode,
  imageInvertNode,
  ddcolorNode,
  saveImageWebsocketNode,
];

export type NodeRegistry = ReadonlyMap<string, NodeClass>;

/** The installed node classes, minus the ones a test wants "not installed". */
export function createNodeRegistry(omit: readonly string[]): NodeRegistry {
  return new Map(ALL.filter((n) => !omit.includes(n.classType)).map((n) => [n.classType, n]));
}

/** server.py node_info(): one /object_info entry. */
export function nodeInfo(node: NodeClass, inputFiles: readonly string[]): JsonObject {
  const input = node.inputTypes(inputFiles);
  const inputJson: JsonObject = { required: { ...input.required } };
  const inputOrder: JsonObject = { required: Object.keys(input.required) };
  if (input.hidden) {
    inputJson['hidden'] = { ...input.hidden };
    inputOrder['hidden'] = Object.keys(input.hidden);
  }
  const output: Json[] = [...node.returnTypes];
  return {
    input: inputJson,
    input_order: inputOrder,
    output,
    output_is_list: node.returnTypes.map(() => false),
    output_name: [...(node.returnNames ?? node.returnTypes)],
    name: node.classType,
    display_name: node.displayName,
    description: node.description,
    python_module: node.pythonModule,
    category: node.category,
    output_node: node.outputNode,
  };
}
