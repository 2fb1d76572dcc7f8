/**
 * commander's own words in Chinese: the help's headings (用法、参数、选项、命令), its [选项] and [命令], the help
 * option's and help command's descriptions, an option's default, and its errors (an unknown command or option, a
 * missing argument or value), which say in Chinese first and then briefly in English, as the command line's own
 * errors do (CliError). They had come out in English around the Chinese descriptions ("Usage:", "error: unknown
 * command 'bogus'", "display help for command").
 */
import { type Argument, type Command, Help, type Option } from "commander";

const HEADINGS: Record<string, string> = {
  "Usage:": "用法：",
  "Arguments:": "参数：",
  "Options:": "选项：",
  "Global Options:": "全局选项：",
  "Commands:": "命令：",
};

const placeholders = (usage: string) => usage.replace(/\[options\]/g, "[选项]").replace(/\[command\]/g, "[命令]");

/** A value as the help shows it: text as it is, anything else as JSON. */
const shown = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** What commander adds after a description — the choices and the default — said in Chinese. */
function extras(target: Option | Argument, showDefault: boolean): string[] {
  const extra: string[] = [];
  if (target.argChoices) extra.push(`可选：${target.argChoices.join("、")}`);
  if (target.defaultValue !== undefined && showDefault) extra.push(`默认：${target.defaultValueDescription ?? shown(target.defaultValue)}`);
  return extra;
}

const withExtras = (description: string, extra: string[]) => (extra.length ? `${description}（${extra.join("；")}）` : description);

// East Asian wide and full-width characters take two columns in a terminal: commander counts one, so the
// descriptions after an option like `--name <显示名>` stood out of line
const WIDE_CHARS =
  "\\u1100-\\u115f\\u2e80-\\u303e\\u3041-\\u33ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\ua000-\\ua4cf\\uac00-\\ud7a3\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uff60\\uffe0-\\uffe6\\u{20000}-\\u{3fffd}";
const WIDE = new RegExp(`[${WIDE_CHARS}]`, "gu");
// a line of Chinese may break before any of its characters (commander breaks at spaces only), but not before
// the punctuation that closes a phrase, nor after the one that opens it
const CHUNK = new RegExp(`\\s*(?:[${WIDE_CHARS}]|[^\\s${WIDE_CHARS}]+)`, "gu");
const CLOSING = /^[，。、；：？！）》」』”’…]/u;
const OPENING = /[（《「『“‘]$/u;

/** commander's boxWrap, breaking between Chinese characters too. */
function wrap(help: Help, text: string, width: number): string {
  if (width < help.minWidthToWrap) return text;
  return text
    .split(/\r\n|\n/)
    .map((line) => {
      const lines: string[] = [];
      let current = "";
      for (const chunk of line.match(CHUNK) ?? []) {
        if (current !== "" && help.displayWidth(current + chunk) > width && !CLOSING.test(chunk.trimStart()) && !OPENING.test(current)) {
          lines.push(current);
          current = chunk.trimStart();
        } else current += chunk;
      }
      return [...lines, current].join("\n");
    })
    .join("\n");
}

const helpConfiguration: Partial<Help> = {
  styleTitle: (title: string) => HEADINGS[title] ?? title,
  commandUsage(this: Help, cmd: Command) {
    return placeholders(Help.prototype.commandUsage.call(this, cmd));
  },
  subcommandTerm(this: Help, cmd: Command) {
    return placeholders(Help.prototype.subcommandTerm.call(this, cmd));
  },
  optionDescription(option: Option) {
    // as commander: the default of an option taking a value, or of a boolean one whose default is true or false
    const showDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === "boolean");
    // a required option is listed among the options (commander's way): said so, else the first run without it is how
    // a user learns (`kaohe user add` without --name)
    const extra = [...(option.mandatory ? ["必填"] : []), ...extras(option, showDefault)];
    if (option.presetArg !== undefined && option.optional) extra.push(`只写选项时：${shown(option.presetArg)}`);
    if (option.envVar !== undefined) extra.push(`环境变量：${option.envVar}`);
    return withExtras(option.description, extra);
  },
  argumentDescription(argument: Argument) {
    return withExtras(argument.description, extras(argument, true));
  },
  displayWidth(this: Help, text: string) {
    return Help.prototype.displayWidth.call(this, text) + (text.match(WIDE)?.length ?? 0);
  },
  boxWrap(this: Help, text: string, width: number) {
    return wrap(this, text, width);
  },
  // "用法：kaohe …", without the space commander puts after "Usage:"
  formatHelp(this: Help, cmd: Command, helper: Help) {
    return Help.prototype.formatHelp.call(this, cmd, helper).replace(/^用法： /, "用法：");
  },
};

/** commander's "(Did you mean …?)" after an unknown command or option, as the command line asks it (是否是：…？). */
function suggestion(text: string): string {
  const names = /^\(Did you mean (?:one of )?(.*)\?\)$/.exec(text.trim())?.[1];
  return names ? `（是否是：${names.split(", ").join("、")}？）` : "";
}

const ERRORS: [RegExp, (m: string[], hint: string) => string][] = [
  [/^unknown command '(.*)'$/, ([, name], hint) => `没有“${name}”这个命令${hint} / unknown command ${name}`],
  [/^unknown option '(.*)'$/, ([, flag], hint) => `没有 ${flag} 这个选项${hint} / unknown option ${flag}`],
  [/^missing required argument '(.*)'$/, ([, name]) => `缺少参数 ${name} / missing argument ${name}`],
  [/^option '(.*)' argument missing$/, ([, flags]) => `选项 ${flags} 后面缺少取值 / option ${flags} needs a value`],
  [/^required option '(.*)' not specified$/, ([, flags]) => `缺少必需的选项 ${flags} / required option ${flags} not given`],
  [
    /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    ([, name, expected, got]) =>
      `参数太多：${name ? `${name} ` : ""}${expected === "0" ? "不带参数" : `只带 ${expected} 个参数`}，这里有 ${got} 个 / too many arguments`,
  ],
  [
    /^option '(.*)' argument '(.*)' is invalid\.\s*(.*)$/,
    ([, flags, value, why]) => `选项 ${flags} 的取值“${value}”无效${why ? `：${why}` : ""} / invalid value`,
  ],
  [/^(.*) cannot be used with (.*)$/, ([, a, b]) => `${a} 与 ${b} 不能同时使用 / ${a} cannot be used with ${b}`],
];

/** A commander error message ("error: unknown command 'bogus'\n(Did you mean …?)\n") in Chinese. */
function chineseError(message: string): string {
  const [first = "", ...rest] = message.replace(/\n$/, "").split("\n");
  const text = first.replace(/^error: /, "");
  const hint = suggestion(rest.join("\n"));
  for (const [pattern, say] of ERRORS) {
    const m = pattern.exec(text);
    if (m) return `${say(m, hint)}\n`;
  }
  // a message this list does not know (a newer commander's): at least not headed by "error:"
  return `错误：${[text, ...rest].join("\n")}\n`;
}

/**
 * The program and each of its commands speak Chinese: their help, their help option and help command, their errors,
 * each error followed by where to read the command's own help (kaohe import --help, not the whole program's).
 */
export function speakChinese(program: Command): Command {
  const each = (cmd: Command, path: string) => {
    cmd
      .configureHelp(helpConfiguration)
      .helpOption("-h, --help", "显示帮助")
      .configureOutput({ ...cmd.configureOutput(), outputError: (text, write) => write(chineseError(text)) })
      .showHelpAfterError(`（用 ${path} --help 查看用法）`);
    if (cmd.commands.length > 0) cmd.helpCommand("help [命令]", "显示某个命令的帮助");
    for (const sub of cmd.commands) each(sub, `${path} ${sub.name()}`);
  };
  each(program, program.name());
  return program;
}
