/**
 * How long what a unit writes may be, and what is said past it: one source for the services' checks, the API's input
 * schema and the console's forms (imported as `@kaohe/services/text-limits`, a module with no database in it).
 */
export const TEXT_LIMITS = {
  explanation: { max: 20_000, zh: "书面说明最多 20000 字；更长的材料请作为附件上传", en: "an explanation is at most 20000 characters" },
  objectionReason: { max: 5000, zh: "异议理由最多 5000 字；更多材料请作为附件上传", en: "the reason is at most 5000 characters" },
} as const;

/** A text as a message quotes it back: its first `most` characters and …, when longer (a 5,000-character name was quoted whole). */
export const quotedText = (text: string, most: number): string => (text.length > most ? `${text.slice(0, most)}…` : text);
