// Commands, addresses and names the first-run guide shows verbatim (not translated: they are
// typed into a terminal or a browser exactly as written).
export const COMFYUI_LOCAL_URL = 'http://127.0.0.1:8188';
export const COMFYUI_LAN_EXAMPLE = 'http://192.168.1.20:8188';
export const COMFYUI_LISTEN_COMMAND = 'python main.py --listen 0.0.0.0 --port 8188';
export const DDCOLOR_REPO_URL = 'https://github.com/kijai/ComfyUI-DDColor';
export const DDCOLOR_CLONE_COMMAND = 'git clone https://github.com/kijai/ComfyUI-DDColor';
export const DDCOLOR_REQUIREMENTS_COMMAND = 'pip install -r requirements.txt';
export const DDCOLOR_CHECKPOINTS_DIR = 'ComfyUI/custom_nodes/ComfyUI-DDColor/checkpoints';
export const DDCOLOR_MODELS_URL = 'https://huggingface.co/piddnad/DDColor-models';
export const COMFYUI_URL = 'https://github.com/comfyanonymous/ComfyUI';
