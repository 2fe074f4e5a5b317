/**
 * Long texts cut for messengers that count a message's length in UTF-8 bytes (钉钉, 企业微信: a Chinese
 * character is 3 bytes): at line ends where possible, never inside a character.
 */
export function splitBytes(text: string, maxBytes: number): string[] {
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const out: string[] = [];
  let cur: string | null = null;
  let curBytes = 0;
  const push = () => {
    if (cur !== null && cur !== "") out.push(cur);
    cur = null;
    curBytes = 0;
  };
  for (const line of text.split("\n")) {
    const bytes = Buffer.byteLength(line);
    if (cur !== null && curBytes + 1 + bytes <= maxBytes) {
      cur = `${cur}\n${line}`;
      curBytes += 1 + bytes;
      continue;
    }
    push();
    if (bytes <= maxBytes) {
      cur = line;
      curBytes = bytes;
      continue;
    }
    // a line longer than a message: cut between characters (code points)
    for (const ch of line) {
      const b = Buffer.byteLength(ch);
      if (cur !== null && curBytes + b > maxBytes) push();
      cur = (cur ?? "") + ch;
      curBytes += b;
    }
  }
  push();
  return out;
}
