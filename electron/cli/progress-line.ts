/** A one-line progress bar for a terminal; plain lines when stderr is not a TTY. */
export function createProgressLine(stream: NodeJS.WriteStream, total: number, now: () => number = Date.now) {
  const startedAt = now();
  const tty = stream.isTTY === true;
  let lastLine = '';
  return {
    update(counts: { done: number; failed: number; running: number }, detail = '') {
      const finished = counts.done + counts.failed;
      const width = 24;
      const filled = total === 0 ? width : Math.round((finished / total) * width);
      const elapsed = now() - startedAt;
      const eta = finished > 0 && finished < total ? Math.round(((elapsed / finished) * (total - finished)) / 1000) : undefined;
      const line =
        `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${total}` +
        `  done ${counts.done}  failed ${counts.failed}` +
        (eta === undefined ? '' : `  ETA ${eta >= 60 ? `${Math.floor(eta / 60)}m${eta % 60}s` : `${eta}s`}`) +
        (detail ? `  ${detail}` : '');
      if (line === lastLine) return;
      lastLine = line;
      if (tty) stream.write(`\r\x1b[2K${line}`);
    },
    log(message: string) {
      stream.write(tty ? `\r\x1b[2K${message}\n` : `${message}\n`);
      if (tty && lastLine) stream.write(lastLine);
    },
    end() {
      if (tty && lastLine) stream.write('\n');
    },
  };
}
