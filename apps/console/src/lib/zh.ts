/**
 * The console speaks Chinese only. The engine, the checker and the server say
 * everything in Chinese with English after it ("中文 / English", or the
 * English on a line of its own) for the command line and the API's data; the
 * console shows the Chinese part, and this is the one place that takes it.
 */

/** "缺少 2017 年“领导小组”的记录 / no 2017 row for fact 领导小组" → "缺少 2017 年“领导小组”的记录". */
export function zh(message: string): string {
  // the English on a line of its own, or after " / " (the engine's and AppError's form): a " / " before a Latin
  // letter, after some Chinese (a slash between numbers, "第 3 / 31 名", is the Chinese's own)
  const firstLine = message.split("\n")[0] ?? message;
  const english = / \/ (?=[A-Za-z])/.exec(firstLine);
  const chinese = english && /[\u3000-\u9fff\uff00-\uffef]/.test(firstLine.slice(0, english.index)) ? firstLine.slice(0, english.index) : firstLine;
  return chinese.trim() || message;
}
