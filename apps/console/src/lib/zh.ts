/**
 * The console speaks Chinese only. The engine, the checker and the server say
 * everything in Chinese with English after it ("中文 / English", or the
 * English on a line of its own) for the command line and the API's data; the
 * console shows the Chinese part, and this is the one place that takes it.
 */

const PAIRS: Record<string, string> = { "）": "（", ")": "(", "】": "【", "”": "“", "」": "「", "]": "[" };

/** Every bracket and quotation mark opened in `text` is closed. */
function balanced(text: string): boolean {
  const open: string[] = [];
  for (const ch of text) {
    if (Object.values(PAIRS).includes(ch)) open.push(ch);
    else if (ch in PAIRS && open.pop() !== PAIRS[ch]) return false;
  }
  return open.length === 0;
}

/** "缺少 2017 年“领导小组”的记录 / no 2017 row for fact 领导小组" → "缺少 2017 年“领导小组”的记录". */
export function zh(message: string): string {
  // the English on a line of its own, or after " / " (the engine's and AppError's form): a " / " before a Latin
  // letter, after some Chinese whose brackets are all closed (a slash between numbers, "第 3 / 31 名", or inside
  // brackets, "考核项（item / bonus）", is the Chinese's own)
  const firstLine = message.split("\n")[0] ?? message;
  for (const m of firstLine.matchAll(/ \/ (?=[A-Za-z])/g)) {
    const before = firstLine.slice(0, m.index);
    if (/[\u3000-\u9fff\uff00-\uffef]/.test(before) && balanced(before)) return before.trim();
  }
  return firstLine.trim() || message;
}
