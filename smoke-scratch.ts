import sharp from 'sharp';
import WebSocket from 'ws';
import { startComfyEmulator } from './e2e/comfyui-emulator/index';
const emu = await startComfyEmulator({ log: (l) => console.log('LOG', l) });
const png = await sharp({ create: { width: 512, height: 512, channels: 3, background: { r: 90, g: 90, b: 90 } } }).png().toBuffer();
const fd = new FormData(); fd.append('image', new Blob([png], { type: 'image/png' }), 'test512.png');
console.log(await (await fetch(emu.url + '/upload/image', { method: 'POST', body: fd })).text());
const cid = '5d636644-0d3d-448f-9307-164bb25cee4e';
const ws = new WebSocket(emu.url.replace('http', 'ws') + '/ws?clientId=' + cid);
const msgs: string[] = [];
ws.on('message', (d) => { msgs.push(String(d)); });
await new Promise((r) => ws.once('open', r));
const A = {"prompt": {"1": {"class_type": "LoadImage", "inputs": {"image": "test512.png"}}, "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}}, "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "e2e_invert"}}}, "client_id": cid};
for (const body of [A, A]) {
  const r = await fetch(emu.url + '/prompt', { method: 'POST', body: JSON.stringify(body) });
  const j = await r.json() as { prompt_id: string };
  console.log(r.status, JSON.stringify(j));
  await new Promise<void>((res) => { const iv = setInterval(() => { if (msgs.some((m) => m.includes('"node": null') && m.includes(j.prompt_id))) { clearInterval(iv); res(); } }, 5); });
  for (const m of msgs.splice(0)) console.log('WS', m.slice(0, 300));
  console.log(await (await fetch(emu.url + '/history/' + j.prompt_id)).text());
}
const v = await fetch(emu.url + '/view?filename=e2e_invert_00001_.png&subfolder=&type=output');
console.log(v.status, [...v.headers.entries()], (await sharp(Buffer.from(await v.arrayBuffer())).metadata()).width);
ws.close();
await emu.close();
