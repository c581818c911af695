// Which custom node pack provides a node class, for "install X" hints. Only packs Heirloom's own
// workflows need; unknown classes get a generic hint. Source: ComfyUI-Manager's node map
// (see /work/shared/comfyui/PROTOCOL.md §5.1).
const PACKS: Readonly<Record<string, string>> = {
  DDColor_Colorize: 'ComfyUI-DDColor (github.com/kijai/ComfyUI-DDColor)',
  D_DDColor: 'ComfyUI_DDColor (github.com/hay86/ComfyUI_DDColor)',
};

export function installHint(nodeType: string): string {
  const pack = PACKS[nodeType];
  return pack
    ? `install the custom node pack ${pack}, e.g. with ComfyUI-Manager, then restart ComfyUI`
    : `install the custom node pack that provides ${nodeType} (ComfyUI-Manager can search by node name), then restart ComfyUI`;
}
