/**
 * The tokens of the rubric language, in the order the lexer tries them.
 * Keywords are English; names (identifiers) and labels may be Chinese.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\u3000\uFEFF]+/, group: Lexer.SKIPPED });
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

const keywords: TokenType[] = [];
/** A keyword; `longer_alt` keeps `countOfX` or `是否` an identifier. */
function keyword(name: string, pattern: RegExp): TokenType {
  const token = createToken({ name, pattern, longer_alt: Identifier, line_breaks: false });
  keywords.push(token);
  return token;
}

export const RubricKw = keyword("Rubric", /rubric/);
export const VersionKw = keyword("Version", /version/);
export const DocumentKw = keyword("Document", /document/);
export const ExampleKw = keyword("Example", /example/);
export const InKw = keyword("In", /in/);
export const ForceKw = keyword("Force", /force/);
export const FromKw = keyword("From", /from/);
export const UntilKw = keyword("Until", /until/);
export const CategoryKw = keyword("Category", /category/);
export const EventKw = keyword("Event", /event/);
export const FactKw = keyword("Fact", /fact/);
export const PointsKw = keyword("Points", /points/);
export const RecordedKw = keyword("Recorded", /recorded/);
export const YesNoKw = keyword("YesNo", /yesno/);
export const NumberKw = keyword("NumberKw", /number/);
export const TextKw = keyword("Text", /text/);
export const DateTimeKw = keyword("DateTime", /datetime/);
export const MissingKw = keyword("Missing", /missing/);
export const OrdersKw = keyword("Orders", /orders/);
export const EventsKw = keyword("Events", /events/);
export const AttributeKw = keyword("Attribute", /attribute/);
export const FieldKw = keyword("Field", /field/);
export const AssessedKw = keyword("Assessed", /assessed/);
export const EndKw = keyword("End", /end/);
export const NextKw = keyword("Next", /next/);
export const PopulationKw = keyword("Population", /population/);
export const WhereKw = keyword("Where", /where/);
export const MeasureKw = keyword("Measure", /measure/);
export const CountKw = keyword("Count", /count/);
export const SumKw = keyword("Sum", /sum/);
export const AvgKw = keyword("Avg", /avg/);
export const OfKw = keyword("Of", /of/);
export const RateKw = keyword("Rate", /rate/);
export const WhenKw = keyword("When", /when/);
export const ZeroKw = keyword("Zero", /zero/);
export const ApplicableKw = keyword("Applicable", /applicable/);
export const ValueKw = keyword("Value", /value/);
export const MonthlyKw = keyword("Monthly", /monthly/);
export const YearlyKw = keyword("Yearly", /yearly/);
export const WindowKw = keyword("Window", /window/);
export const MonthKw = keyword("Month", /month/);
export const DayKw = keyword("Day", /day/);
export const QuarterKw = keyword("Quarter", /quarter/);
export const YearKw = keyword("Year", /year/);
export const ToKw = keyword("To", /to/);
export const DateKw = keyword("DateKw", /date/);
export const ItemKw = keyword("Item", /item/);
export const BonusKw = keyword("Bonus", /bonus/);
export const SectionKw = keyword("Section", /section/);
export const UpKw = keyword("Up", /up/);
export const BaseKw = keyword("Base", /base/);
export const WeightKw = keyword("Weight", /weight/);
export const DeductKw = keyword("Deduct", /deduct/);
export const AddKw = keyword("Add", /add/);
export const PerKw = keyword("Per", /per/);
export const IfKw = keyword("If", /if/);
export const ThenKw = keyword("Then", /then/);
export const ElseKw = keyword("Else", /else/);
export const ContinuingKw = keyword("Continuing", /continuing/);
export const AtKw = keyword("At", /at/);
export const LeastKw = keyword("Least", /least/);
export const ForKw = keyword("For", /for/);
export const TotalKw = keyword("Total", /total/);
export const RescaleKw = keyword("Rescale", /rescale/);
export const BandKw = keyword("Band", /band/);
export const OtherwiseKw = keyword("Otherwise", /otherwise/);
export const VetoKw = keyword("Veto", /veto/);
export const SanctionKw = keyword("Sanction", /sanction/);
export const RankingKw = keyword("Ranking", /ranking/);
export const WithinKw = keyword("Within", /within/);
export const GroupsKw = keyword("Groups", /groups/);
export const AllKw = keyword("All", /all/);
export const VolumeKw = keyword("Volume", /volume/);
export const OrderKw = keyword("Order", /order/);
export const ByKw = keyword("By", /by/);
export const AscKw = keyword("Asc", /asc/);
export const DescKw = keyword("Desc", /desc/);
export const ScoreKw = keyword("Score", /score/);
export const TiesKw = keyword("Ties", /ties/);
export const SharedKw = keyword("Shared", /shared/);
export const UnitKw = keyword("UnitKw", /unit/);
export const CodeKw = keyword("CodeKw", /code/);
export const DecimalsKw = keyword("Decimals", /decimals/);
export const MinimumKw = keyword("Minimum", /minimum/);
export const PeriodKw = keyword("Period", /period/);
export const AndKw = keyword("And", /and/);
export const OrKw = keyword("Or", /or/);
export const NotKw = keyword("Not", /not/);
export const IsKw = keyword("Is", /is/);
export const TrueKw = keyword("True", /true|是/);
export const FalseKw = keyword("False", /false|否/);

// Longer keywords that share a prefix with shorter ones must be tried first
// ("orders" before "order" before "or", "yearly" before "year", "in" last).
keywords.sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length);

export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n]|\\.)*"/ });
export const DateLiteral = createToken({ name: "DateLiteral", pattern: /\d{4}-\d{2}(?:-\d{2})?(?!\d)/ });
export const PercentLiteral = createToken({ name: "PercentLiteral", pattern: /\d+(?:\.\d+)?[%％]/ });
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /\d+(?:\.\d+)?/ });

export const Coalesce = createToken({ name: "Coalesce", pattern: /\?\?/ });
export const LessEq = createToken({ name: "LessEq", pattern: /<=|≤/ });
export const GreaterEq = createToken({ name: "GreaterEq", pattern: />=|≥/ });
export const NotEq = createToken({ name: "NotEq", pattern: /!=|≠/ });
export const Equals = createToken({ name: "Equals", pattern: /=/ });
export const Less = createToken({ name: "Less", pattern: /</ });
export const Greater = createToken({ name: "Greater", pattern: />/ });
export const Plus = createToken({ name: "Plus", pattern: /\+/ });
export const Minus = createToken({ name: "Minus", pattern: /-|−/ });
export const Times = createToken({ name: "Times", pattern: /\*|×/ });
export const Divide = createToken({ name: "Divide", pattern: /\/|÷/ });
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
  ...keywords,
  Identifier,
];

/** Words with a meaning of their own in the language. */
export const keywordNames: ReadonlySet<string> = new Set(keywords.flatMap((k) => String((k.PATTERN as RegExp).source).split("|")));
