/**
 * docs/data-format.md, written from the import's own contract (schema.ts): the columns of each kind of file, their
 * Chinese and English headers, whether they are required, the values they take and an example — so the document
 * says what the importer does. `npm run data-format-doc --prefix packages/data` rewrites it; a test checks it is
 * current.
 */
import { HEADER_SEARCH_ROWS } from "../validate/bind-header.ts";
import { fileKindGuides } from "./templates.ts";

const INTRO = `# 导入数据的格式 / The data files

<!-- 由 packages/data/src/write/data-format-doc.ts 依据导入程序的列定义（packages/data/src/schema.ts）生成，请勿手改；
     npm run data-format-doc --prefix packages/data 重新生成。/ Generated from the importer's own column definitions. -->

中心导入五类文件：责任单位、工单、考核事件、年度事实、节假日安排。每类文件可以是 CSV（UTF-8，带或不带 BOM；或 GB18030/GBK、UTF-16，自动识别；逗号分隔，也可以是分号或制表符分隔，按前几行自动识别）、Excel 另存的“Unicode 文本”或“文本文件（制表符分隔）”（.txt），或 XLSX、旧版 Excel 97-2003 的 XLS（许多热线平台导出的 .xls）、ODS（LibreOffice 的 .ods）。热线平台“导出 Excel”得到的网页表格（实为 HTML、扩展名为 .xls 或 .xlsx 的文件）也可直接导入，按 Excel 打开时的样子读取。列名可写中文名或英文键；匹配时忽略空格（首尾、中间、单元格内的换行、全角空格）与全角半角的差别，也忽略模板标注必填、选填的记号（“*工单编号”“工单编号（必填）”“诉求类型【选填】”）和说明怎样填写的括注（“已回访（是/否）”“匿名(Y/N)”“受理时间(yyyy-mm-dd hh:mm)”“办理时限（格式：2018-01-01）”）。导入程序不认识的列按记录保存为扩展属性，规则文件用 \`attribute\` 声明后即可使用，无需改代码；该月施行的规则把它声明为数值、日期时间或是否时，导入按计分时的读法检查每个值，读不出的（“9.6小时”“95%”“1,234”“2018年10月5日 14:30”“有”）作为问题指出该行该列，整次导入不保存——否则计分会把它当作没有值（是否列当作“否”）。文件缺少某一列、却有一列的名称像它（平台常用的“工单号”“承办部门”“办结日期”“是否回访”“满意度”等，或在它前面加“实际”“最终”、后面加括注、少写最后一个字，如“实际办结时间”“办结时间(实际)”“过程满意”；“要求办结时间”“领导批示内容”这样另有所指的不算）时，那一列不按它读取（名称相近的列不一定是同一列，如“时限”可能是天数）：缺少的是必需的列，在那一列指出，说明应改成的列名；是选填的列，那一列作为扩展属性保存，导入后提醒（施行中的规则按这个名称读取它的除外），它若就是那一列，请改列名后重新导入。文件根本没有施行中的规则要读的某个选填列（如没有“办结时间”列）而新增了记录时，这些记录按没有这一列的值存入（未办结；是否列按“否”），导入后同样提醒。表示行号的列（列名为 序号、行号、No.、NO 或 #）不保存：它的数字随导出时的排序而变，不属于记录。控制台“数据”页列出同样的列说明，并提供每类文件的 CSV 与 Excel 模板。

The center imports five kinds of file, as CSV (UTF-8 with or without a BOM, or GB18030/GBK, told apart automatically), XLSX, old Excel 97-2003 XLS (what many hotline platforms export) or ODS (LibreOffice's .ods); a platform's "Excel export" that is a web page (an HTML table named .xls or .xlsx) is read as Excel opens it. A column may be headed by its Chinese name or its English key; spaces (around, within, a line break in the cell, full-width ones) and full-width/half-width differences are ignored. Columns the importer does not know are kept per record as attributes a rubric can declare and use. A column numbering the rows (序号, 行号, No., NO, #) is not kept: its numbers follow the export's sort, not the record. The console's data page shows the same columns and offers a CSV and an Excel template of each kind.

**日期与时间 / Dates.** \`2017-10-03\`、\`2017-10-03 14:05\`、\`2017/10/3 14:05:00\`、\`2017年10月3日 14时5分\`（年月日之间可有空格，时也可写作“点”）、\`20171003\`（带时刻的 \`20171003140500\` 也可以）与 Excel 日期单元格都可以，一律按北京时间（UTC+8）理解；平台导出的带时区的时间（\`2017-10-03T14:05:00+0800\`、\`2017-10-03T06:05:00Z\`）换算为北京时间（时区前可有空格：\`2017-10-03 14:05:00 +0800\`；时区后的缩写按时区换算，不看缩写：\`2017-10-03 14:05:00 +0800 CST\`）。可以不填的日期（如未办结工单的办结时间）写作 \`NULL\`、\`-\`、\`—\`、\`/\`、\`无\`、\`N/A\` 的，与留空相同。以 1904 年为起点的工作簿（旧版 Mac Excel）中的日期同样按它显示的日子读。十二小时制（\`2017/9/1 下午 3:39\`、\`2017-09-01 3:39 PM\`、\`2017年9月1日 下午3时39分\`）、\`24:00\`（当天结束）以及 Excel“常规”格式另存为 CSV 后的日期序号（如 \`42979.152083\`，1990 至 2100 年）也可以。办理时限、延期至只写日期时表示当天结束（24 时）；其他时间只写日期时表示当天 0 时。Excel 日期单元格按它显示的样子理解：格式只显示日期的算“只写日期”，格式显示时刻的（如 yyyy-mm-dd hh:mm）即使是 00:00 也是那个时刻，与另存为 CSV 后一致；只是受理时间、办结时间这样的时刻，单元格格式只显示日期而其中存有时刻（平台导出的时刻被设置成只显示日期）时，按其中的时刻读。/ All times are Beijing time; a deadline given as a date alone is the end of that day, any other time the start. An Excel date cell is read as its format shows it: a format with a time of day makes 00:00 a time; a moment (受理时间, 办结时间) whose format shows the date alone is read at the time the cell holds.

**表头 / The header** 是前 ${HEADER_SEARCH_ROWS} 行（不计空行）中第一个含该类文件全部必需列的行；它上面的标题行（如合并单元格“桓台县12345热线工单明细（2018年11月）”、导出时间）跳过，问题中的行号仍是文件中的行号。没有这样的行时，问题列出最像表头的那一行缺少的列。紧接表头的一行若也是列名（表头占了两行、单元格没有合并，如“满意度”下又分“过程满意度”“结果满意度”），作为一处问题指出，请合并为一行列名。不认识的列（扩展属性）同名出现两次以上时都保留：第一列用原名，其后依次为“备注（第2个）”“备注（第3个）”；认识的列（如 受理时间）重复仍是问题。/ The header is the first of the first ${HEADER_SEARCH_ROWS} non-blank rows with every required column; title rows above it are skipped, and problems keep the file's row numbers. A second row of column names below it (a two-row header, unmerged) is one problem. An unknown column repeated is kept as 备注, 备注（第2个）…; a known column repeated is a problem. 表格中自己表明不是记录的行——合计行（合计、总计、小计、汇总、本页小计、合计（件）、共计 30 件、共 2 条记录，以及没有写字、只有数字而没有编号和单位的一行）、表格末尾的说明（注：、制表人：、审核人：、数据来源：）、打印分页时重复的表头——不导入，也不算问题：导入结果逐行列出（第几行、写的什么），审计日志记下行数。只有序号、别无内容的行是空行。/ Rows that say themselves they are no record (a total, a footnote, the header repeated) are left out and listed in the import's report; a row with nothing but its 序号 is blank.

**Excel 工作簿 / Workbooks**（.xlsx，及旧版 Excel 的 .xls、LibreOffice 的 .ods，读法相同；设有打开密码的文件无法读取，请取消密码后另存）。读有该类文件全部必需列的可见工作表：隐藏的工作表（如模板里下拉列表的“字典”）不读；名为“说明”“填写说明”“使用说明”“填表说明”“示例”“字典”或 README、notes 的工作表即使写有表头和示例行，也只在没有别的工作表同样合适时才读；都没有时读最接近的一张。有两张以上（不算说明页和隐藏的）都有完整表头时（如每月一张：“10月”“11月”），按标签顺序逐张读入，作为同一个文件导入：每张表各有表头（上方的标题行同样跳过），各张的列须相同（不同时指出哪张缺少或多出哪些列，整个文件不导入），同一编号出现在两张表上而内容不同是一处问题，只有表头的空表不读。工作簿有多张工作表时，问题写明是哪一张的第几行（如 \`四月.xlsx 工作表“工单”\`）。向下合并的单元格（如一个单位的几行工单合并为一格单位名称）在每一行都按合并后显示的值读入；表头可以占两行：上一行向下合并的列名与下一行的列名合为一个表头，上一行横向合并的分组名（如“办理情况”）不算列名。隐藏的行（手动隐藏或被筛选掉的，.xlsx、.xls 与 .ods）照常导入，导入后提醒是哪几行：若隐藏是为了不导入，请删去这些行。公式按文件中保存的计算结果读取；没有计算结果的公式（由程序生成、未经 Excel 或 WPS 计算）是一处问题：在 Excel 或 WPS 中打开、保存一次即可。/ Workbooks (.xlsx, old .xls and LibreOffice's .ods alike; one encrypted with a password cannot be read): the first visible sheet with the kind's required columns is read (hidden sheets are not, and a sheet named as notes — 说明, 填写说明, 示例, README… — only when no other fits as well); a workbook with several such sheets (10月, 11月) is read sheet after sheet as one file, each below its own header, their columns the same (else the differences are named and nothing is imported); problems name the sheet and its row when there are several. Cells merged down rows read as their merged value in each row, so a header may take two rows (its cells merged down both). Formulas are read by their saved results; one with none is a problem.

**编码 / Encodings.** UTF-8 的 CSV 中个别不是 UTF-8 的行（如从 GBK 文件粘贴来的一行）不会把整个文件读成乱码：问题指出是哪一行，请改正后另存为“CSV UTF-8”。反过来，GBK 的 CSV（Excel 在中文 Windows 上另存的“CSV（逗号分隔）”）中从 UTF-8 文件粘贴来的一行读出来是乱码，问题也指出是哪一行（至少有三个汉字的行才能认出）。/ A row of a UTF-8 CSV that is not UTF-8 (pasted from a GBK file) is named as such, and so is a row of a GBK CSV that is UTF-8 (one with three Chinese characters at least).

**文件种类 / A file's kind** 依次按调用方给出的种类、文件名开头（units、orders、events、facts、calendar 或 单位、工单、事件、事实、节假日）、表头的列名判断。/ Given, else by the file name's start, else by the header row.

**更新已导入的记录 / Updating stored records.** 再次导入同一编号的工单或事件即更新它；文件中没有的列不改变已保存的值（只含 工单编号、承办单位 等必填列和 办结时间 的文件只更新办结时间，延期至、已回访、满意度和扩展属性保持原样）。要清除某一项，文件中保留该列、单元格留空。/ A file updates the columns it has: a stored record keeps its values of the columns the file lacks; an empty cell of a column the file has clears that value.

**编号 / Ids.** 工单编号、事件编号、关联工单中的全角字母和数字按半角保存（“ＧＤ００１”即 GD001），与单位编码、单位名称的匹配方式相同。编号、编码和名称列中超过 15 位的数字单元格（如 Excel 中按数字保存的 201810030812345678），以及科学记数法写成的编号（如 Excel 以“常规”格式另存的 CSV 中的 2.01810E+17），都已被 Excel 丢掉了最后几位，导入时作为问题指出：请在导出平台或 Excel 中把该列设为“文本”后重新导出。15 位以内的数字（如 12345）照常作为编号。找不到的单位编码只含数字、而已有的某个编码是它前面补 0（如 1 与 001）时，问题提示可能是 Excel 去掉了开头的 0。/ Full-width letters and digits of order, event and linked-order ids are stored half-width, as unit codes and names are matched. A number cell of more than 15 digits in an id, code or name column, and an id in scientific notation (2.01810E+17, a CSV saved from Excel's General format), have lost their last digits: each is a problem, saying to set the column's format to text and export again. A number of 15 digits or fewer is an id as before. A unit code not found that is digits alone, when a known code is it with leading zeros (1 for 001), is said to have lost its zeros in Excel.

**有问题的文件 / A bad file.** 任何一行不合格，整次导入不保存任何一行，并逐条列出问题（文件、行、列、值、原因，中文与英文）；年度事实的值也对照该年度（月份）施行的规则检查：规则声明为 是否 的事项填了数字（如 5）、声明为 数字 的事项填了 是 或 否，都是问题（写明规则和声明该事项的行）。合格的导入在一个事务中完成，重复导入同一文件不改变任何数据。/ Any bad row and nothing is stored, every problem listed — a fact's value that does not fit the type its item has in the rubric in force (a number for a yes/no item, 是/否 for a number) among them; a good import is one transaction, and importing it again changes nothing.

**导入后的提醒 / Warnings.** 导入成功后，对按施行中的规则不会计分的数据给出提醒（数据照常保存）：事件类型或事项在该月（该年度）施行的规则中没有声明；单位的类别规则中没有声明（这些单位不参加考核，不在任何排名中）；规则读取的工单扩展属性在某月的工单中都没有值（用到它的考核项各单位都失分）；事件的关联工单在已导入的工单中找不到。每条提醒写明条数和前几行的行号，命令行、接口和“数据”页都显示。/ A good import warns, with counts and rows, about what the rubric in force will not score: an event type or item it does not declare, a unit category it does not declare (in no ranking), an extra column of orders it reads that no order of a month has; and about an event whose linked order is not stored. The data is stored all the same.
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
