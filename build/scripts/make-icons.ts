// Renders the app icon once: build/icon.png (1024², used for macOS/Windows) and build/icons/
// (the sizes Linux desktops pick from). Rerun after changing the drawing: npx tsx build/scripts/make-icons.ts
// The drawing: a print with a white border, its left half still black-and-white, its right half
// colorized — what Heirloom does.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { LINUX_SIZES } from './make-icons-sizes';

const build = join(import.meta.dirname, '..');

const scene = (sky: string, sun: string, far: string, near: string, ground: string) => `
  <rect x="0" y="0" width="600" height="600" fill="${sky}"/>
  <circle cx="420" cy="190" r="70" fill="${sun}"/>
  <path d="M0 380 Q150 250 300 340 T600 310 V600 H0 Z" fill="${far}"/>
  <path d="M0 450 Q200 360 380 430 T600 420 V600 H0 Z" fill="${near}"/>
  <rect x="0" y="520" width="600" height="80" fill="${ground}"/>`;

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#3b2f2a"/>
      <stop offset="1" stop-color="#1d1715"/>
    </linearGradient>
    <clipPath id="photo"><rect x="0" y="0" width="600" height="600"/></clipPath>
    <clipPath id="colored"><polygon points="330,0 600,0 600,600 270,600"/></clipPath>
    <filter id="shadow" x="-20%" y="-20%" width="140%" height="140%">
      <feDropShadow dx="0" dy="18" stdDeviation="22" flood-color="#000" flood-opacity="0.45"/>
    </filter>
  </defs>
  <rect x="0" y="0" width="1024" height="1024" rx="228" fill="url(#bg)"/>
  <g transform="translate(512 520) rotate(-6) translate(-350 -350)" filter="url(#shadow)">
    <rect x="0" y="0" width="700" height="700" rx="14" fill="#f6f1e7"/>
    <g transform="translate(50 50)" clip-path="url(#photo)">
      <g>${scene('#c9c9c9', '#f2f2f2', '#8a8a8a', '#5e5e5e', '#444')}</g>
      <g clip-path="url(#colored)">${scene('#8fc7ef', '#ffd166', '#6aa56b', '#3f7d4f', '#7a5236')}</g>
      <line x1="330" y1="0" x2="270" y2="600" stroke="#f6f1e7" stroke-width="6"/>
    </g>
  </g>
</svg>`;

const master = await sharp(Buffer.from(svg)).png().toBuffer();
await sharp(master).toFile(join(build, 'icon.png'));
mkdirSync(join(build, 'icons'), { recursive: true });
for (const size of LINUX_SIZES) {
  await sharp(master).resize(size, size).png().toFile(join(build, 'icons', `${size}x${size}.png`));
}
console.log(`wrote build/icon.png and build/icons/{${LINUX_SIZES.join(',')}}`);
