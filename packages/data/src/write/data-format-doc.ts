/**
 * docs/data-format.md, written from the import's own contract (schema.ts): the columns of each kind of file, their
 * Chinese and English headers, whether they are required, the values they take and an example — so the document
 * says what the importer does. `npm run data-format-doc --prefix packages/data` rewrites it; a test checks it is
 * current.
 */
import { BOOLEAN_WORDS, NO_VALUE } from "../read/cell-values.ts";
import { RECORD_FIELDS, RECORD_KINDS } from "../schema.ts";
import { HEADER_SEARCH_ROWS } from "../validate/bind-header.ts";
import { fileKindGuides } from "./templates.ts";

/** The dates and times the document gives as accepted, each as a whole cell: a test reads each as the importer does. */
export const DOCUMENTED_DATES: string[] = [];
/** A date the document gives as accepted, in backquotes (and kept for the test). */
const date = (text: string): string => {
  DOCUMENTED_DATES.push(text);
  return `\`${text}\``;
};

/** What may stand for no value (NULL, -, —, 无 …), from the importer's own list (kept folded and in lower case). */
const noValueWords = [...NO_VALUE].map((w) => w.toUpperCase());

/** The words a 是/否 column takes for yes (`true`) or no, from the parser's own list. */
const booleanWords = (value: boolean): string[] => [...BOOLEAN_WORDS].filter(([, v]) => v === value).map(([word]) => word);

/** The 是/否 columns, by their Chinese names (已回访, 回退 …). */
const booleanColumns = [...new Set(RECORD_KINDS.flatMap((kind) => RECORD_FIELDS[kind].filter((f) => f.type === "boolean").map((f) => f.zh)))];

const INTRO = `# 导入数据的格式 / The data files

<!-- 由 packages/data/src/write/data-format-doc.ts 依据导入程序的列定义（packages/data/src/schema.ts）生成，请勿手改；
     npm run data-format-doc --prefix packages/data 重新生成。/ Generated from the importer's own column definitions. -->

中心导入五类文件：责任单位、工单、考核事件、年度事实、节假日安排。每类文件可以是 CSV（UTF-8，带或不带 BOM；或 GB18030/GBK、UTF-16，自动识别；逗号分隔，也可以是分号或制表符分隔，按前几行自动识别）、Excel 另存的“Unicode 文本”或“文本文件（制表符分隔）”（.txt 或 .tsv），或 XLSX、旧版 Excel 97-2003 的 XLS（许多热线平台导出的 .xls）、ODS（LibreOffice 的 .ods）。热线平台“导出 Excel”得到的网页表格（实为 HTML 或 XHTML、扩展名为 .xls 或 .xlsx 的文件，UTF-8、GBK 或 UTF-16 编码；表格前的标题、样式不算数据）也可直接导入，按 Excel 打开时的样子读取；Excel 另存的“XML 电子表格 2003”（有的平台导出这种文件，扩展名为 .xls 或 .xml）同样可以直接导入。列名可写中文名或英文键；匹配时忽略空格（首尾、中间、单元格内的换行、全角空格）与全角半角的差别，也忽略模板标注必填、选填的记号（“*工单编号”“工单编号（必填）”“诉求类型【选填】”）和说明怎样填写的括注（“已回访（是/否）”“匿名(Y/N)”“受理时间(yyyy-mm-dd hh:mm)”“办理时限（格式：2018-01-01）”）。导入程序不认识的列按记录保存为扩展属性，规则文件用 \`attribute\` 声明后即可使用，无需改代码；该月施行的规则把它声明为数值、日期时间或是否时，导入按计分时的读法检查每个值，读不出的（“9.6小时”“95%”“1,234”“2018年10月5日 14:30”“有”）作为问题指出该行该列，整次导入不保存——否则计分会把它当作没有值（是否列当作“否”）。文件缺少某一列、却有一列的名称像它（平台常用的“工单号”“承办部门”“办结日期”“是否回访”“满意度”等，或在它前面加“实际”“最终”、后面加括注、少写最后一个字，如“实际办结时间”“办结时间(实际)”“过程满意”；“要求办结时间”“领导批示内容”这样另有所指的不算；“渠道”“来源渠道”是电话、微信、网站等受理渠道，也不当作“来源”，缺少来源列时问题写明来源应填什么）时，那一列不按它读取（名称相近的列不一定是同一列，如“时限”可能是天数）：缺少的是必需的列，在那一列指出，说明应改成的列名；是选填的列，那一列作为扩展属性保存，导入后提醒（施行中的规则按这个名称读取它的除外），它若就是那一列，请改列名后重新导入。文件根本没有施行中的规则要读的某个选填列（如没有“办结时间”列）而新增了记录时，这些记录按没有这一列的值存入（未办结；是否列按“否”），导入后同样提醒。表示行号的列（列名为 序号、行号、No.、NO 或 #）不保存：它的数字随导出时的排序而变，不属于记录。控制台“数据”页列出同样的列说明，并提供每类文件的 CSV 与 Excel 模板。

The center imports five kinds of file, as CSV (UTF-8 with or without a BOM, or GB18030/GBK, told apart automatically), XLSX, old Excel 97-2003 XLS (what many hotline platforms export) or ODS (LibreOffice's .ods); a platform's "Excel export" that is a web page (an HTML or XHTML table named .xls or .xlsx, in UTF-8, GBK or UTF-16; a title or style sheet before the table is not data) is read as Excel opens it, and so is Excel 2003's XML spreadsheet ("XML 电子表格 2003", which some platforms export, named .xls or .xml). A column may be headed by its Chinese name or its English key; spaces (around, within, a line break in the cell, full-width ones) and full-width/half-width differences are ignored. Columns the importer does not know are kept per record as attributes a rubric can declare and use. A column numbering the rows (序号, 行号, No., NO, #) is not kept: its numbers follow the export's sort, not the record. The console's data page shows the same columns and offers a CSV and an Excel template of each kind.

**日期与时间 / Dates.** ${date("2017-10-03")}、${date("2017-10-03 14:05")}、${date("2017/10/3 14:05:00")}、${date("2017.10.03 08:30")}（年、月、日之间用“-”“/”或“.”分隔，两处相同；月、日可写一位或两位；日期与时刻之间空一格或写 T；时刻写 时:分 或 时:分:秒，秒后可带小数，如 ${date("2017-10-03 14:05:00.5")}）、${date("2017年10月3日 14时5分")}（年月日之间可有空格，时也可写作“点”，时刻也可写作 14:05；整点可写 ${date("2017年10月3日 8点")}）、${date("20171003")}（带时刻的 ${date("20171003140500")} 也可以）与 Excel 日期单元格都可以；全角的数字和符号与半角相同（${date("2017.10.03 08：30")}、${date("２０１７－１０－０３")}），一律按北京时间（UTC+8）理解；平台导出的带时区的时间（${date("2017-10-03T14:05:00+0800")}、${date("2017-10-03T06:05:00Z")}）换算为北京时间（时区前可有空格：${date("2017-10-03 14:05:00 +0800")}；时区后的缩写按时区换算，不看缩写：${date("2017-10-03 14:05:00 +0800 CST")}）。年份写在后面或只写两位的日期（\`12/1/2018\`、\`18/12/1\`）分不清年、月、日，是问题；只有时刻、没有日期的单元格（\`08:30\`）也是问题。可以不填的日期（如未办结工单的办结时间）写作 ${noValueWords.map((w) => `\`${w}\``).join("、")} 的，与留空相同；其他可以不填的选项和数字列（过程满意度、结果满意度、结案类型、是否列、退回重办次数、事件的次数和分值、起始月份、截止月份、年度事实的月份，以及规则声明为数值、日期时间或是否的扩展属性）也一样（是否列即“否”），平台在每个空单元格中都写“—”的文件照常导入；必填的列（如受理时间、年度、事项的值）这样写仍是问题，“未回访”这样的文字也不当作留空。以 1904 年为起点的工作簿（旧版 Mac Excel）中的日期同样按它显示的日子读。十二小时制（${date("2017/9/1 下午 3:39")}、${date("2017-09-01 3:39 PM")}、${date("2017年9月1日 下午3时39分")}）、\`24:00\`（当天结束，如 ${date("2017-09-04 24:00")}）以及 Excel“常规”格式另存为 CSV 后的日期序号（如 ${date("42979.152083")}，1990 至 2100 年）也可以。办理时限、延期至只写日期时表示当天结束（24 时）；其他时间只写日期时表示当天 0 时。Excel 日期单元格按它显示的样子理解：格式只显示日期的算“只写日期”，格式显示时刻的（如 yyyy-mm-dd hh:mm）即使是 00:00 也是那个时刻，与另存为 CSV 后一致；只是受理时间、办结时间这样的时刻，单元格格式只显示日期而其中存有时刻（平台导出的时刻被设置成只显示日期）时，按其中的时刻读。/ Dates are written 2017-10-03, 2017/10/3 or 2017.10.03 (one separator throughout), 2017年10月3日 or 20171003, a time after them as 14:05 or 14:05:00; full-width digits and signs (08：30) read as half-width ones; a year last or of two digits (12/1/2018) is a problem, and so is a time without a date. All times are Beijing time; ${noValueWords.join(", ")} in a date, choice or number column that may be empty reads as empty (a yes/no as 否), not in a required one; a deadline given as a date alone is the end of that day, any other time the start. An Excel date cell is read as its format shows it: a format with a time of day makes 00:00 a time; a moment (受理时间, 办结时间) whose format shows the date alone is read at the time the cell holds.

**是否列 / Yes/no columns.** ${booleanColumns.join("、")}等是否列写“是”或“否”；“是”也可写作 ${booleanWords(true)
  .filter((w) => w !== "是")
  .map((w) => `\`${w}\``)
  .join("、")}，“否”也可写作 ${booleanWords(false)
  .filter((w) => w !== "否")
  .map((w) => `\`${w}\``)
  .join(
    "、",
  )}（字母不分大小写，全角与半角相同，如 \`Y\`、\`TRUE\`）；Excel 的逻辑值单元格（TRUE、FALSE）和数字单元格 1、0 也可以。留空即“否”；其他写法（如“有”“已回访”）是问题。年度事实的值写是或否时写法相同，只是 1、0 这样的数字按数字读取。/ A yes/no column takes 是 or 否; yes also as ${booleanWords(
  true,
)
  .filter((w) => w !== "是")
  .join(", ")}, no also as ${booleanWords(false)
  .filter((w) => w !== "否")
  .join(
    ", ",
  )} (any letter case, full-width or half-width), and Excel's TRUE/FALSE cells and number cells 1 and 0. Empty is 否; anything else is a problem. A fact's 是 or 否 takes the same words, but numbers (1, 0) read as numbers.

**表头 / The header** 是前 ${HEADER_SEARCH_ROWS} 行（不计空行）中第一个含该类文件全部必需列的行；它上面的标题行（如合并单元格“桓台县12345热线工单明细（2018年11月）”、导出时间）跳过，问题中的行号仍是文件中的行号。没有这样的行时，问题列出最像表头的那一行缺少的列。紧接表头的一行若也是列名（表头占了两行、单元格没有合并，如“满意度”下又分“过程满意度”“结果满意度”），作为一处问题指出，请合并为一行列名。不认识的列（扩展属性）同名出现两次以上时都保留：第一列用原名，其后依次为“备注(第2个)”“备注(第3个)”（括号是半角的：列名一律按全角转半角保存；规则按说明文字取列时全角、半角均可，如 \`attribute 中心备注 "备注（第2个）" text\`）；认识的列（如 受理时间）重复仍是问题。/ The header is the first of the first ${HEADER_SEARCH_ROWS} non-blank rows with every required column; title rows above it are skipped, and problems keep the file's row numbers. A second row of column names below it (a two-row header, unmerged) is one problem. An unknown column repeated is kept as 备注, 备注(第2个)… (half-width brackets, as every column name is stored; a rubric's label may write them either way); a known column repeated is a problem. 表格中自己表明不是记录的行——合计行（合计、总计、小计、汇总、本页小计、合计（件）、共计 30 件、共 2 条记录，以及没有写字、只有数字而没有编号和单位的一行；Excel、WPS 的“数据→分类汇总”与 LibreOffice 的“数据→小计”插入的行，如 唐山镇 汇总、唐山镇 计数、总计、总计数：分组的一列写该组的值加“汇总”“计数”“平均值”等，其余各格只有汇总的数字、必填列有空着的，且上方最近一条记录在这一列写的正是该值（汇总显示在各组上方时：单位列写的是已有单位的名称）；手写的 唐山镇 小计 同样。写有其他文字或必填列都已填写的行照常作为记录读取）、表格末尾的说明（注：、制表人：、审核人：、数据来源：，平台导出时加的导出人：、打印人：、操作人：、导出时间：、报表生成时间：等，以及单独一格的页码如 第 1 页 共 2 页）、打印分页时重复的表头——不导入，也不算问题：导入结果逐行列出（第几行、写的什么），审计日志记下行数。只有序号、别无内容的行是空行。只在第一列写有文字、其余各格都空着的行（第一列不是必需的列时，如序号列），若不是上面这些，作为一处问题指出，写明它的文字：看来不是一条记录，如是表尾说明请删去该行——不按各个必需列为空逐一指出。/ Rows that say themselves they are no record (a total — Excel's, WPS's and LibreOffice's subtotal rows too, 唐山镇 汇总 below 唐山镇's rows with figures alone —, a footnote or page number, the header repeated) are left out and listed in the import's report; a row with nothing but its 序号 is blank. A row of other text alone in its first column (not a required one), every other cell empty, is one problem quoting its text (delete it if it is a note below the table), not one per empty required cell.

**Excel 工作簿 / Workbooks**（.xlsx，及旧版 Excel 的 .xls、LibreOffice 的 .ods、Excel 2003 的“XML 电子表格 2003”，读法相同；设有打开密码的文件无法读取，请取消密码后另存）。读有该类文件全部必需列的可见工作表：隐藏的工作表（如模板里下拉列表的“字典”）不读；名为“说明”“填写说明”“使用说明”“填表说明”“示例”“字典”或 README、notes 的工作表即使写有表头和示例行，也只在没有别的工作表同样合适时才读；都没有时读最接近的一张。有两张以上（不算说明页和隐藏的）都有完整表头时（如每月一张：“10月”“11月”），按标签顺序逐张读入，作为同一个文件导入：每张表各有表头（上方的标题行同样跳过），各张的列须相同（不同时指出哪张缺少或多出哪些列，整个文件不导入；汇总、筛选或分析用的工作表请删除或隐藏）；表头不完整、但看来是同样数据的工作表（缺少的必需列在表中都有相近的列名，如“受理日期”之于“受理时间”、“工单号”之于“工单编号”，或有该类文件三列以上而只缺一个必需列）不会被略过，同样指出它缺少什么、有什么，整个文件不导入；没有表头、而多数行与有表头的工作表的数据行一样（同样的列、各列同类的值，如一份长表分在几张工作表上、表头只在第一张）的工作表也不会被略过，问题写明是哪张表、有几行像数据行，整个文件不导入：请把表头行复制到该表的第一行，或把该表移出工作簿（删除或隐藏）。只与数据同名一两列的汇总表（如“承办单位”“工单数”）不读，同一编号出现在两张表上而内容不同是一处问题，只有表头的空表不读。工作簿有多张工作表时，问题写明是哪一张的第几行（如 \`四月.xlsx 工作表“工单”\`），导入结果写明读取了哪几张（各几行）、略过了哪几张（如 读取了工作表“上半月”（6 行）、“下半月”（6 行）；略过“汇总”、“说明”）。向下合并的单元格（如一个单位的几行工单合并为一格单位名称）在每一行都按合并后显示的值读入；表头可以占两行：上一行向下合并的列名与下一行的列名合为一个表头，上一行横向合并的分组名（如“办理情况”）不算列名。隐藏的行（手动隐藏或被筛选掉的，.xlsx、.xls 与 .ods）与隐藏的列照常导入，导入后提醒是哪几行（工作表设有筛选时一并说明，如只想导入筛选出的部分，请取消筛选、删去不需要的行）、哪几列（列字母与列名）：若隐藏是为了不导入，请删去这些行或列。公式按文件中保存的计算结果读取；没有计算结果的公式（由程序生成、未经 Excel 或 WPS 计算）是一处问题：在 Excel 或 WPS 中打开、保存一次即可。数字格式为一串 0（如 \`0000\`、\`000000000000\`）的整数单元格按显示的样子读入：数字 301 设为 \`0000\` 显示 0301，读作 0301（单位编码、编号开头的 0 不丢），与同一表另存的 CSV 相同；数值列（分值、次数）中的 02 仍是 2。其他格式的数字（如 \`0.00\`、带文字的 \`"T"0000\`）按数字本身读入。时长格式（\`[h]:mm\`、\`[hh]:mm:ss\`，LibreOffice 的时长）的单元格按经过的时间读入，不论多长：25 小时 30 分读作 25:30（显示秒且不为 0 时 25:30:15），不当作日期。/ Workbooks (.xlsx, old .xls, LibreOffice's .ods and Excel 2003's XML spreadsheet alike; one encrypted with a password cannot be read): the first visible sheet with the kind's required columns is read (hidden sheets are not, and a sheet named as notes — 说明, 填写说明, 示例, README… — only when no other fits as well); a workbook with several such sheets (10月, 11月) is read sheet after sheet as one file, each below its own header, their columns the same (else the differences are named and nothing is imported; delete or hide a sheet of summaries, filtered copies or analyses); a sheet that looks like the same data with a column missing or named otherwise (受理日期 for 受理时间), or with no header and rows like the data's (a long list split across sheets), is not passed over but named, and nothing is imported (copy the header to it, or move it out); problems name the sheet and its row when there are several, and the import's report names the sheets read, with their rows, and those passed over. Hidden rows (by hand or by a filter) and hidden columns are imported like the others, and told of afterwards (rows, a filter in force, columns by letter and header). Cells merged down rows read as their merged value in each row, so a header may take two rows (its cells merged down both). Formulas are read by their saved results; one with none is a problem. A whole number formatted as a run of zeros (\`0000\`, \`000000000000\`) reads as it shows (301 as 0301), as the sheet saved as CSV does; a number column still reads 02 as 2. Other formats (\`0.00\`, \`"T"0000\`) read as the number. A duration (formatted \`[h]:mm\`, \`[hh]:mm:ss\`: LibreOffice's durations) reads as its elapsed time however long, 25:30 (25:30:15 with seconds shown), not as a date.

**编码 / Encodings.** UTF-8 的 CSV 中个别不是 UTF-8 的行（如从 GBK 文件粘贴来的一行）不会把整个文件读成乱码：问题指出是哪一行，请改正后另存为“CSV UTF-8”。反过来，GBK 的 CSV（Excel 在中文 Windows 上另存的“CSV（逗号分隔）”）中从 UTF-8 文件粘贴来的一行读出来是乱码，问题也指出是哪一行（至少有三个汉字的行才能认出）。/ A row of a UTF-8 CSV that is not UTF-8 (pasted from a GBK file) is named as such, and so is a row of a GBK CSV that is UTF-8 (one with three Chinese characters at least).

**文件种类 / A file's kind** 依次按调用方给出的种类、文件名开头（units、orders、events、facts、calendar 或 单位、工单、事件、事实、节假日）、表头的列名判断。/ Given, else by the file name's start, else by the header row.

**更新已导入的记录 / Updating stored records.** 再次导入同一编号的工单或事件即更新它；文件中没有的列不改变已保存的值（只含 工单编号、承办单位 等必填列和 办结时间 的文件只更新办结时间，延期至、已回访、满意度和扩展属性保持原样）。要清除某一项，文件中保留该列、单元格留空。/ A file updates the columns it has: a stored record keeps its values of the columns the file lacks; an empty cell of a column the file has clears that value.

**编号 / Ids.** 工单编号、事件编号、关联工单中的全角字母和数字按半角保存（“ＧＤ００１”即 GD001），与单位编码、单位名称的匹配方式相同。编号、编码和名称列中超过 15 位的数字单元格（如 Excel 中按数字保存的 201810030812345678），以及科学记数法写成的编号（如 Excel 以“常规”格式另存的 CSV 中的 2.01810E+17），都已被 Excel 丢掉了最后几位，导入时作为问题指出：请在导出平台或 Excel 中把该列设为“文本”后重新导出。15 位以内的数字（如 12345）照常作为编号。找不到的单位编码只含数字、而已有的某个编码是它前面补 0（如 1 与 001）时，问题提示可能是 Excel 去掉了开头的 0，请在单位名单中该单位的“别名”列写上 001。单位名单中一个单位的编码与已存单位的编码只差开头的 0、名称相同（如以前导入时存为 301，现在写 0301）时，问题说明怎样处理：按已存储的写法填写编码（301），并在“别名”列写上 0301。新的工单编号、事件编号只含数字、而已导入的同类编号去掉开头的 0 后与它相同（如 20181200001 与 020181200001：平台导出的文件在 Excel、WPS 中打开后另存，编号被当成了数字）时，整个文件不导入（否则会存成另外的工单、重复计分），问题写明共几个、举出几对和行号：请把编号列设为“文本”后重新导出，或直接导入平台导出的 CSV 文件。反过来也一样：新的编号以 0 开头、去掉开头的 0 后是已导入的编号（先导入的工作簿丢了 0，存为 20181200001，后导入平台的 CSV，020181200001）时，整个文件不导入，问题写明已导入的来自哪个文件：请先在控制台“数据”页的导入记录中撤销那次导入，再导入本文件。行中别的列有问题时，编号的这一检查照样进行，问题一次列出。/ Full-width letters and digits of order, event and linked-order ids are stored half-width, as unit codes and names are matched. A number cell of more than 15 digits in an id, code or name column, and an id in scientific notation (2.01810E+17, a CSV saved from Excel's General format), have lost their last digits: each is a problem, saying to set the column's format to text and export again. A number of 15 digits or fewer is an id as before. A unit code not found that is digits alone, when a known code is it with leading zeros (1 for 001), is said to have lost its zeros in Excel, and to be written as that unit's alias. A units list whose unit has a stored unit's name and its code with zeros added (0301 for a stored 301) is told to keep the stored code and write 0301 as an alias. A new order or event id of digits alone that is a stored id of its kind without its leading zeros (20181200001 for 020181200001: a platform CSV saved again from Excel) refuses the file, naming how many, a few pairs and their rows; so does the other way round, a new id starting with 0 that is a stored id with zeros added (a workbook that lost them imported first), naming the file the stored ids came from, to undo that import first. A row with problems in other columns is checked too, so all is said at once.

**有问题的文件 / A bad file.** 任何一行不合格，整次导入不保存任何一行，并逐条列出问题（文件、行、列、值、原因，中文与英文）；年度事实的值也对照该年度（月份）施行的规则检查：规则声明为 是否 的事项填了数字（如 5）、声明为 数字 的事项填了 是 或 否，都是问题（写明规则和声明该事项的行）。合格的导入在一个事务中完成，重复导入同一文件不改变任何数据。/ Any bad row and nothing is stored, every problem listed — a fact's value that does not fit the type its item has in the rubric in force (a number for a yes/no item, 是/否 for a number) among them; a good import is one transaction, and importing it again changes nothing.

**导入后的提醒 / Warnings.** 导入成功后，对按施行中的规则不会计分的数据给出提醒（数据照常保存）：事件类型或事项在该月（该年度）施行的规则中没有声明（列出规则声明的类型或事项；与其中一个只差标点、空格，或就是它的说明文字，或只差一两个字时，问“是否为……”）；单位的类别规则中没有声明（这些单位不参加考核，不在任何排名中）；规则读取的工单扩展属性在某月的工单中都没有值（用到它的考核项各单位都失分）；事件的关联工单在已导入的工单中找不到；工单、事件落在没有施行中的规则的月份（已发布过规则之后；如选错了年份的文件）；文件名写明某月（“工单2018年12月.xlsx”“orders-2018-12.csv”，不含写到日的导出日期）而其中没有一条工单（事件）在该月；工单（事件）编号与已导入的只差大小写（dia0005 与 DIA0005，存成了两件）。每条提醒写明条数和前几行的行号，命令行、接口和“数据”页都显示。/ A good import warns, with counts and rows, about what the rubric in force will not score: an event type or item it does not declare, a unit category it does not declare (in no ranking), an extra column of orders it reads that no order of a month has; about an event whose linked order is not stored; about orders or events in months no rubric is in force for (once one is published), a file named for a month none of its records is in, and an id differing from a stored one's only in letter case. The data is stored all the same.
`;

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The document's text. */
export function dataFormatMarkdown(): string {
  const sections = fileKindGuides().map((guide) => {
    const rows = guide.columns.map(
      (c) => `| ${cell(c.zh)} | \`${c.key}\` | ${c.required ? "必填" : "选填"} | ${cell(c.values)}${c.note ? `；${cell(c.note)}` : ""} | ${cell(c.example)} |`,
    );
    return [`## ${guide.label}（${guide.kind}）`, "", "| 列名 | 英文键 key | 必填 | 取值 | 例 |", "|---|---|---|---|---|", ...rows].join("\n");
  });
  return `${INTRO}\n${sections.join("\n\n")}\n`;
}
