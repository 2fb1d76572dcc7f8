/**
 * The tokens of the rubric language, in the order the lexer tries them.
 * Every keyword has an English and (mostly) a Chinese spelling: one token
 * type matches both, so the parser and the AST do not know which was written.
 * A few English phrases (`in force from`, `at least`, `order by` …) are one
 * Chinese word (`施行自`, `不低于`, `排序`): such a word is a phrase token
 * that the lexer replaces by the English phrase's tokens (lexer.ts).
 * Names (identifiers) and labels may be Chinese.
 */
import { type CustomPatternMatcherReturn, createToken, type IToken, Lexer, type TokenType } from "chevrotain";

// the spaces a text pasted from Word or a web page brings along (no-break, thin, zero-width …) separate as a space does
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\u00A0\u2000-\u200B\u202F\u205F\u3000\uFEFF]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /(?:#|\/\/)[^\n]*/, group: "comments" });

// Chevrotain rebuilds RegExp patterns without the `u` flag, so Unicode
// letters (Chinese names) are matched by a custom matcher.
const identifierRegex = /[\p{L}_][\p{L}\p{N}_]*/uy;
export const Identifier = createToken({
  name: "Identifier",
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      identifierRegex.lastIndex = offset;
      return identifierRegex.exec(text);
    },
  },
  line_breaks: false,
});

/** The word (a name's characters) at `offset`, remembered for the next keyword's matcher at the same place. */
const wordRegex = /[\p{L}_][\p{L}\p{N}_]*/uy;
let lastText = "";
let lastOffset = -1;
let lastWord: string | null = null;
function wordAt(text: string, offset: number): string | null {
  if (offset !== lastOffset || text !== lastText) {
    wordRegex.lastIndex = offset;
    lastWord = wordRegex.exec(text)?.[0] ?? null;
    lastText = text;
    lastOffset = offset;
  }
  return lastWord;
}

/** Every spelling (English or Chinese, word or phrase) → its token type. */
const bySpelling = new Map<string, TokenType>();

/**
 * A token matching whole words only: `countOfX`, `是否达标`, `扣分项` stay names,
 * whatever the order the lexer tries the keywords in.
 */
function wordToken(name: string, spellings: string[]): TokenType {
  const token: TokenType = createToken({
    name,
    pattern: {
      exec(text: string, offset: number): CustomPatternMatcherReturn | null {
        const word = wordAt(text, offset);
        return word !== null && bySpelling.get(word) === token ? [word] : null;
      },
    },
    line_breaks: false,
  });
  for (const s of spellings) {
    if (bySpelling.has(s)) throw new Error(`keyword spelling '${s}' used twice`);
    bySpelling.set(s, token);
  }
  return token;
}

export type KeywordLanguage = "en" | "zh";

/** One keyword: its token type, English spelling and Chinese spelling (null: written in Chinese only inside a phrase). */
export interface KeywordSpelling {
  token: TokenType;
  en: string;
  zh: string | null;
}

const keywords: KeywordSpelling[] = [];

/** A keyword: one token type for both spellings. Adding a keyword is one line below. */
function keyword(name: string, en: string, zh: string | null): TokenType {
  const token = wordToken(name, zh === null ? [en] : [en, zh]);
  keywords.push({ token, en, zh });
  return token;
}

export const RubricKw = keyword("Rubric", "rubric", "考核办法");
export const VersionKw = keyword("Version", "version", "版本");
export const DocumentKw = keyword("Document", "document", "文号");
export const ExampleKw = keyword("Example", "example", "示例");
export const InKw = keyword("In", "in", "属于");
export const ForceKw = keyword("Force", "force", null);
export const FromKw = keyword("From", "from", "自");
export const UntilKw = keyword("Until", "until", "截至");
export const CategoryKw = keyword("Category", "category", "考核类别");
export const SourcesKw = keyword("Sources", "sources", "工单来源");
export const EventKw = keyword("Event", "event", "考核事件");
export const FactKw = keyword("Fact", "fact", "事项");
export const PointsKw = keyword("Points", "points", "分");
export const RecordedKw = keyword("Recorded", "recorded", "按记录");
export const YesNoKw = keyword("YesNo", "yesno", "是否");
export const NumberKw = keyword("NumberKw", "number", "数字");
export const TextKw = keyword("Text", "text", "文本");
export const DateTimeKw = keyword("DateTime", "datetime", "日期时间");
export const MissingKw = keyword("Missing", "missing", null);
export const OrdersKw = keyword("Orders", "orders", "全部工单");
export const EventsKw = keyword("Events", "events", "全部事件");
export const AttributeKw = keyword("Attribute", "attribute", "扩展属性");
export const FieldKw = keyword("Field", "field", "字段");
export const AssessedKw = keyword("Assessed", "assessed", null);
export const EndKw = keyword("End", "end", null);
export const NextKw = keyword("Next", "next", null);
export const PopulationKw = keyword("Population", "population", "考核范围");
export const WhereKw = keyword("Where", "where", "其中");
export const MeasureKw = keyword("Measure", "measure", "指标");
export const CountKw = keyword("Count", "count", "计数");
export const SumKw = keyword("Sum", "sum", "求和");
export const AvgKw = keyword("Avg", "avg", "求平均");
export const OfKw = keyword("Of", "of", "的");
export const RateKw = keyword("Rate", "rate", "比率指标");
export const WhenKw = keyword("When", "when", null);
export const ZeroKw = keyword("Zero", "zero", null);
export const ApplicableKw = keyword("Applicable", "applicable", null);
export const ValueKw = keyword("Value", "value", "数值");
export const MonthlyKw = keyword("Monthly", "monthly", "按月考核");
export const YearlyKw = keyword("Yearly", "yearly", "按年考核");
export const WindowKw = keyword("Window", "window", "考核周期");
export const MonthKw = keyword("Month", "month", "按月");
export const DayKw = keyword("Day", "day", null);
export const QuarterKw = keyword("Quarter", "quarter", "按季度");
export const HalfKw = keyword("Half", "half", null);
export const YearKw = keyword("Year", "year", "按年");
export const ToKw = keyword("To", "to", "至");
export const DateKw = keyword("DateKw", "date", null);
export const ItemKw = keyword("Item", "item", "考核项");
export const BonusKw = keyword("Bonus", "bonus", "加分项");
export const SectionKw = keyword("Section", "section", "部分");
export const UpKw = keyword("Up", "up", null);
export const BaseKw = keyword("Base", "base", "基础分");
export const WeightKw = keyword("Weight", "weight", "权重");
export const DeductKw = keyword("Deduct", "deduct", "扣");
export const AddKw = keyword("Add", "add", "加");
export const PerKw = keyword("Per", "per", "每");
export const IfKw = keyword("If", "if", "若");
export const ThenKw = keyword("Then", "then", "则");
export const ElseKw = keyword("Else", "else", "否则");
export const ContinuingKw = keyword("Continuing", "continuing", "不封顶");
export const AtKw = keyword("At", "at", "于");
export const LeastKw = keyword("Least", "least", null);
export const ForKw = keyword("For", "for", "适用于");
export const TotalKw = keyword("Total", "total", "总分");
export const RescaleKw = keyword("Rescale", "rescale", null);
export const BandKw = keyword("Band", "band", "评为");
export const OtherwiseKw = keyword("Otherwise", "otherwise", "其余");
export const VetoKw = keyword("Veto", "veto", "一票否决");
export const LastKw = keyword("Last", "last", "排名末位");
export const SanctionKw = keyword("Sanction", "sanction", "处理措施");
export const ReportKw = keyword("Report", "report", "通报指标");
export const RankingKw = keyword("Ranking", "ranking", "排名");
export const WithinKw = keyword("Within", "within", null);
export const GroupsKw = keyword("Groups", "groups", null);
export const AllKw = keyword("All", "all", null);
export const VolumeKw = keyword("Volume", "volume", "承办总量");
export const OrderKw = keyword("Order", "order", null);
export const ByKw = keyword("By", "by", null);
export const AscKw = keyword("Asc", "asc", "升序");
export const DescKw = keyword("Desc", "desc", "降序");
export const ScoreKw = keyword("Score", "score", "分数");
export const TiesKw = keyword("Ties", "ties", null);
export const SharedKw = keyword("Shared", "shared", null);
export const UnitKw = keyword("UnitKw", "unit", null);
export const CodeKw = keyword("CodeKw", "code", null);
export const DecimalsKw = keyword("Decimals", "decimals", "位小数");
export const MinimumKw = keyword("Minimum", "minimum", null);
export const PeriodKw = keyword("Period", "period", null);
/** the period before the scored one: `previous(名次)`, `受理时间 in previous period` */
export const PreviousKw = keyword("Previous", "previous", "上期");
export const AndKw = keyword("And", "and", "且");
export const OrKw = keyword("Or", "or", "或");
export const NotKw = keyword("Not", "not", "非");
export const IsKw = keyword("Is", "is", null);
export const TrueKw = keyword("True", "true", "是");
export const FalseKw = keyword("False", "false", "否");

/** A Chinese word that stands for an English phrase of several keywords. */
export interface KeywordPhrase {
  /** the phrase token the lexer matches; lexer.ts replaces it by `tokens` */
  token: TokenType;
  tokens: readonly TokenType[];
  en: string;
  zh: string;
}

const phrases: KeywordPhrase[] = [];

function phrase(zh: string, ...tokens: TokenType[]): void {
  const en = tokens.map((t) => keywords.find((k) => k.token === t)?.en ?? t.name).join(" ");
  phrases.push({ token: wordToken(`Phrase${tokens.map((t) => t.name).join("")}`, [zh]), tokens, en, zh });
}

// Phrases: one Chinese word each (no spaces), read as the English keywords in order.
phrase("施行自", InKw, ForceKw, FromKw);
phrase("无记录时", WhenKw, MissingKw);
phrase("为空", IsKw, MissingKw);
phrase("不为空", IsKw, NotKw, MissingKw);
phrase("不属于", NotKw, InKw);
phrase("在本期内", InKw, PeriodKw);
phrase("不在本期内", NotKw, InKw, PeriodKw);
phrase("在上期内", InKw, PreviousKw, PeriodKw);
phrase("不在上期内", NotKw, InKw, PreviousKw, PeriodKw);
phrase("考核截至期末", AssessedKw, AtKw, EndKw, OfKw, PeriodKw);
phrase("考核截至次月月底", AssessedKw, AtKw, EndKw, OfKw, NextKw, MonthKw);
phrase("分母为零时", WhenKw, ZeroKw);
// `veto … then zero`: 一票否决，当月得分为零
phrase("得零分", ZeroKw);
phrase("不适用", NotKw, ApplicableKw);
phrase("起始日", FromKw, DayKw);
phrase("年初至今", YearKw, ToKw, DateKw);
phrase("按半年", HalfKw, YearKw);
phrase("最多", UpKw, ToKw);
phrase("折算为", RescaleKw, ToKw);
phrase("不低于", AtKw, LeastKw);
phrase("类别内", WithinKw, CategoryKw);
phrase("不分类别", WithinKw, AllKw);
phrase("分组", WithinKw, GroupsKw);
phrase("排序", OrderKw, ByKw);
phrase("同分并列", TiesKw, SharedKw);
phrase("同分按单位编码", TiesKw, ByKw, UnitKw, CodeKw);
phrase("最低承办量", MinimumKw, VolumeKw);

/**
 * `assessed at day 5 of next month` as regulations say it, 数据统计截至次月5日: `考核截至次月 5 日` (or `考核截至次月5日`,
 * one word as written). Chinese puts the day after 次月, so it is one token, its number inside, that the lexer reads
 * as the English form's tokens in their order (lexer.ts): 日 alone is no keyword, and 工作日, 日期, 截至日 stay names.
 */
export const DayOfNextMonthWording = { head: "考核截至次月", tail: "日", en: "assessed at day N of next month", zh: "考核截至次月 N 日" } as const;
const dayOfNextMonthRegex = /考核截至次月[ \t\u00A0\u3000]*([0-9０-９]+(?:[.．][0-9０-９]+)?)[ \t\u00A0\u3000]*日(?![\p{L}\p{N}_])/uy;
export const AssessedDayOfNextMonth = createToken({
  name: "PhraseAssessedDayOfNextMonth",
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      dayOfNextMonthRegex.lastIndex = offset;
      return dayOfNextMonthRegex.exec(text);
    },
  },
  line_breaks: false,
});
/** The day written in `考核截至次月 N 日` (its text as written, maybe full-width) and where in the token it starts. */
export function dayOfNextMonthNumber(image: string): { text: string; at: number } {
  const m = /[0-9０-９][0-9０-９.．]*/.exec(image);
  return { text: m?.[0] ?? "", at: m?.index ?? 0 };
}

/**
 * Words that are keywords in one position only and names elsewhere: the
 * ranking's `round 2 decimals` (`round` is also the function `round(x, 2)`).
 */
export const RoundWord = { en: "round", zh: "保留" } as const;
export const contextualWords: readonly { en: string; zh: string }[] = [RoundWord];

/**
 * `承办量不足 10 件的不排名`: how policy texts say `minimum volume 10`, read as it at the start of a ranking
 * statement (elsewhere 承办量不足 is a name). The words after the number on its line are one of `tails`.
 */
export const MinimumVolumeWording = { head: "承办量不足", tails: /^件?(?:(?:的(?:单位)?)?不(?:参加|参与)?排名)?$/u } as const;

/** The keywords, each with its English and Chinese spelling (`true`/`false` are the values 是/否). */
export const keywordTable: readonly KeywordSpelling[] = keywords;
/** The Chinese words that stand for English phrases. */
export const phraseTable: readonly KeywordPhrase[] = phrases;

const expansions = new Map<TokenType, readonly TokenType[]>(phrases.map((p) => [p.token, p.tokens]));
/** The keyword tokens a phrase token stands for (undefined for any other token). */
export function phraseExpansion(type: TokenType): readonly TokenType[] | undefined {
  return expansions.get(type);
}

const englishByToken = new Map<TokenType, string>(keywords.map((k) => [k.token, k.en]));
/** The English spelling of a keyword token (whichever was written); any other token's text as written. */
export function englishOf(token: { image: string; tokenType: TokenType } | undefined): string | undefined {
  return token ? (englishByToken.get(token.tokenType) ?? token.image) : undefined;
}

/** Is this keyword spelling Chinese? */
export function isChineseSpelling(image: string): boolean {
  return /\P{ASCII}/u.test(image);
}

const keywordTokens = new Set<TokenType>(keywords.map((k) => k.token));

/**
 * The language most of a file's (or a line's) keywords are written in (a phrase counts once;
 * the values 是/否/true/false do not count); `tie` (English) when equal.
 */
export function keywordLanguage(tokens: readonly IToken[], tie: KeywordLanguage = "en"): KeywordLanguage {
  let zh = 0;
  let en = 0;
  let lastOffset = -1;
  for (const t of tokens) {
    if (
      !(keywordTokens.has(t.tokenType) || expansions.has(t.tokenType) || t.tokenType === AssessedDayOfNextMonth) ||
      t.tokenType === TrueKw ||
      t.tokenType === FalseKw ||
      t.startOffset === lastOffset
    )
      continue;
    lastOffset = t.startOffset;
    if (isChineseSpelling(t.image)) zh++;
    else en++;
  }
  return zh > en ? "zh" : en > zh ? "en" : tie;
}

const zhByEnglish = new Map<string, string>([
  ...keywords.filter((k) => k.zh !== null).map((k): [string, string] => [k.en, k.zh as string]),
  ...phrases.map((p): [string, string] => [p.en, p.zh]),
  ...contextualWords.map((w): [string, string] => [w.en, w.zh]),
]);

/**
 * A keyword or an English keyword phrase (`"at least"`) in the language asked:
 * the phrase's Chinese word if it has one, else each keyword's Chinese spelling.
 */
export function spell(en: string, language: KeywordLanguage): string {
  if (language === "en") return en;
  const whole = zhByEnglish.get(en);
  if (whole !== undefined) return whole;
  return en
    .split(" ")
    .map((w) => {
      const zh = zhByEnglish.get(w);
      if (zh === undefined) throw new Error(`no Chinese spelling for '${w}' (in '${en}')`);
      return zh;
    })
    .join(" ");
}

// a text in English double quotes, or in a pair of Chinese ones (as Word and input methods write them: no escapes inside)
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n]|\\.)*"|\u201C[^\u201C\u201D\n]*\u201D/ });
// digits may be full-width (４０, as a Chinese input method types them), and so may a point between digits (４０．５);
// the lexer makes their text ASCII (lexer.ts `asciiNumbers`), so every later pass reads 40 and 40.5
export const DateLiteral = createToken({ name: "DateLiteral", pattern: /[0-9０-９]{4}[-－][0-9０-９]{2}(?:[-－][0-9０-９]{2})?(?![0-9０-９])/ });
export const PercentLiteral = createToken({ name: "PercentLiteral", pattern: /[0-9０-９]+(?:[.．][0-9０-９]+)?[%％]/ });
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /[0-9０-９]+(?:[.．][0-9０-９]+)?/ });

/** The tokens `考核截至次月 N 日` stands for (`assessed at day N of next month`), the number's place marked by NumberLiteral. */
export const dayOfNextMonthTokens: readonly TokenType[] = [AssessedKw, AtKw, DayKw, NumberLiteral, OfKw, NextKw, MonthKw];

/** The number tokens, whose full-width characters become ASCII. */
export const numberTokens: ReadonlySet<TokenType> = new Set([DateLiteral, PercentLiteral, NumberLiteral]);

export const Coalesce = createToken({ name: "Coalesce", pattern: /\?\?/ });
export const LessEq = createToken({ name: "LessEq", pattern: /<=|≤|＜＝/ });
export const GreaterEq = createToken({ name: "GreaterEq", pattern: />=|≥|＞＝/ });
export const NotEq = createToken({ name: "NotEq", pattern: /!=|≠|！＝/ });
export const Equals = createToken({ name: "Equals", pattern: /=|＝/ });
export const Less = createToken({ name: "Less", pattern: /<|＜/ });
export const Greater = createToken({ name: "Greater", pattern: />|＞/ });
export const Plus = createToken({ name: "Plus", pattern: /\+|＋/ });
export const Minus = createToken({ name: "Minus", pattern: /-|−|－/ });
export const Times = createToken({ name: "Times", pattern: /\*|×|＊/ });
export const Divide = createToken({ name: "Divide", pattern: /\/|÷|／/ });
export const LParen = createToken({ name: "LParen", pattern: /\(|（/ });
export const RParen = createToken({ name: "RParen", pattern: /\)|）/ });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/ });
export const RBracket = createToken({ name: "RBracket", pattern: /]/ });
export const LCurly = createToken({ name: "LCurly", pattern: /\{/ });
export const RCurly = createToken({ name: "RCurly", pattern: /}/ });
export const Comma = createToken({ name: "Comma", pattern: /,|，|、/ });
export const Colon = createToken({ name: "Colon", pattern: /:|：/ });
export const Semicolon = createToken({ name: "Semicolon", pattern: /;|；/ });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  DateLiteral,
  PercentLiteral,
  NumberLiteral,
  Coalesce,
  LessEq,
  GreaterEq,
  NotEq,
  Equals,
  Less,
  Greater,
  Plus,
  Minus,
  Times,
  Divide,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  Comma,
  Colon,
  Semicolon,
  ...keywords.map((k) => k.token),
  ...phrases.map((p) => p.token),
  AssessedDayOfNextMonth,
  Identifier,
];

/** Words with a meaning of their own in the language, in either spelling (keywords and phrases). */
export const keywordNames: ReadonlySet<string> = new Set(bySpelling.keys());
