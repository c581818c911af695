// Runs in its own process (bench/import.ts spawns it) so its peak RSS is the import's alone:
// imports the album into a fresh library, rescans it, prints one JSON line.
import { heirloomImport } from './heirloom';

const [albumRoot, dataDir, concurrency] = process.argv.slice(2);
if (!albumRoot || !dataDir || !concurrency) throw new Error('usage: child.ts <album> <data dir> <concurrency>');
const started = performance.now();
const counts = await heirloomImport(albumRoot, dataDir, Number(concurrency));
const importSeconds = (performance.now() - started) / 1000;
const rescanStarted = performance.now();
const rescan = await heirloomImport(albumRoot, dataDir, Number(concurrency));
const rescanSeconds = (performance.now() - rescanStarted) / 1000;
// maxRSS is in KiB.
process.stdout.write(`${JSON.stringify({ counts, rescan, importSeconds, rescanSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
