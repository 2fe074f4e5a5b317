/**
 * The official look of the .docx (GB/T 9704-2012 党政机关公文格式, as county units lay out their reports):
 * A4, the type area 156 × 225 mm (37 mm from the top, 28 mm from the left), body 3号 仿宋_GB2312 on a
 * fixed 28 pt line, title 2号 方正小标宋简体, headings 一、 in 黑体 and ㈠ in 楷体_GB2312, page numbers
 * “— n —” in 4号 宋体 7 mm below the type area. Fonts are named as government documents name them and
 * never embedded; the font table gives each its fallback (仿宋_GB2312 → 仿宋, 方正小标宋简体 → 宋体), its
 * GB2312 character set and its PANOSE class, so Word, WPS and LibreOffice substitute a font of the same
 * kind where the named one is missing.
 */
import type { IStylesOptions } from "docx";
import { AlignmentType, LineRuleType } from "docx";

/** Twips (1/20 pt) in a millimetre. */
export const TWIPS_PER_MM = 1440 / 25.4;
const mm = (x: number) => Math.round(x * TWIPS_PER_MM);

export const PAGE = {
  width: mm(210),
  height: mm(297),
  top: mm(37),
  bottom: mm(297 - 37 - 225),
  left: mm(28),
  right: mm(210 - 28 - 156),
  header: mm(15),
  /** the page number's line: its top 7 mm below the type area */
  footer: mm(297 - 37 - 225 - 7 - 5),
};
/** The type area's width in twips: what a table spans. */
export const AREA_WIDTH = mm(156);

export const FONT = {
  title: "方正小标宋简体",
  body: "仿宋_GB2312",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  pageNumber: "宋体",
  latin: "Times New Roman",
} as const;

/** Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt. */
export const SIZE = { title: 44, body: 32, pageNumber: 28, table: 21 } as const;
/** The body's fixed line: 28 pt (22 lines in the 225 mm type area). */
export const LINE = 560;

/** A run's fonts: the Chinese face for East Asian text, Times New Roman for Latin and digits. */
export const fonts = (eastAsia: string) => ({
  eastAsia,
  ascii: FONT.latin,
  hAnsi: FONT.latin,
  cs: FONT.latin,
});

/** Word styles the unit can restyle: 正文 (Normal), 标题 (Title), 标题 1, 标题 2, and the tables' 表格文字. */
export function styles(): IStylesOptions {
  const indent = { firstLine: 640, firstLineChars: 200 };
  const exact = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
  return {
    default: {
      document: {
        run: { font: fonts(FONT.body), size: SIZE.body, language: { value: "en-US", eastAsia: "zh-CN" } },
        paragraph: { spacing: exact },
      },
      title: {
        run: { font: fonts(FONT.title), size: SIZE.title, bold: false, color: "000000" },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT } },
      },
      heading1: {
        run: { font: fonts(FONT.heading1), size: SIZE.body, bold: false, color: "000000" },
        paragraph: { indent, spacing: exact, keepNext: true, outlineLevel: 0 },
      },
      heading2: {
        run: { font: fonts(FONT.heading2), size: SIZE.body, bold: false, italics: false, color: "000000" },
        paragraph: { indent, spacing: exact, keepNext: true, outlineLevel: 1 },
      },
    },
    paragraphStyles: [
      {
        id: "Normal",
        name: "Normal",
        quickFormat: true,
        run: { font: fonts(FONT.body), size: SIZE.body },
        paragraph: { spacing: exact, alignment: AlignmentType.JUSTIFIED },
      },
      {
        id: "TableText",
        name: "表格文字",
        basedOn: "Normal",
        quickFormat: true,
        run: { size: SIZE.table },
        paragraph: { spacing: { line: 300, lineRule: LineRuleType.AT_LEAST, before: 0, after: 0 } },
      },
      {
        id: "Attachment",
        name: "附件标注",
        basedOn: "Normal",
        next: "Normal",
        quickFormat: true,
        run: { font: fonts(FONT.heading1) },
        paragraph: { alignment: AlignmentType.LEFT, keepNext: true },
      },
    ],
  };
}

/** One font of the font table: its fallback, character set (86 = GB2312) and PANOSE class. */
const FONT_TABLE: {
  name: string;
  alt?: string;
  panose: string;
  family: string;
  pitch: string;
  cjk: boolean;
}[] = [
  {
    name: FONT.body,
    alt: "仿宋",
    panose: "02010609030101010101",
    family: "modern",
    pitch: "fixed",
    cjk: true,
  },
  { name: "仿宋", panose: "02010609060101010101", family: "modern", pitch: "fixed", cjk: true },
  {
    name: FONT.title,
    alt: "宋体",
    panose: "02010600010101010101",
    family: "auto",
    pitch: "variable",
    cjk: true,
  },
  {
    name: "宋体",
    alt: "SimSun",
    panose: "02010600030101010101",
    family: "auto",
    pitch: "variable",
    cjk: true,
  },
  {
    name: FONT.heading1,
    alt: "SimHei",
    panose: "02010609060101010101",
    family: "modern",
    pitch: "fixed",
    cjk: true,
  },
  {
    name: FONT.heading2,
    alt: "楷体",
    panose: "02010609030101010101",
    family: "modern",
    pitch: "fixed",
    cjk: true,
  },
  { name: "楷体", panose: "02010609060101010101", family: "modern", pitch: "fixed", cjk: true },
  { name: FONT.latin, panose: "02020603050405020304", family: "roman", pitch: "variable", cjk: false },
];

/** word/fontTable.xml: every font the document names, none embedded. */
export function fontTableXml(): string {
  const entry = (f: (typeof FONT_TABLE)[number]) =>
    `<w:font w:name="${f.name}">${f.alt ? `<w:altName w:val="${f.alt}"/>` : ""}<w:panose1 w:val="${f.panose}"/>` +
    `<w:charset w:val="${f.cjk ? "86" : "00"}"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${FONT_TABLE.map(entry).join("")}</w:fonts>`
  );
}

/**
 * The 草稿 watermark as Word itself writes one (a VML text path, 50 % silver, at 315°, behind the text in the
 * page's centre): Word, WPS and LibreOffice show it and let the unit remove it (设计 › 水印 › 删除水印).
 */
export function watermarkRunXml(text: string): string {
  return (
    `<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w10="urn:schemas-microsoft-com:office:word"><w:pict>` +
    `<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">` +
    `<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>` +
    `<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>` +
    `<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>` +
    `<v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>` +
    `<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>` +
    `<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>` +
    `<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" ` +
    `style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:315;z-index:-251657216;` +
    `mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin" ` +
    `o:allowincell="f" fillcolor="silver" stroked="f"><v:fill opacity=".5"/>` +
    `<v:textpath style="font-family:&quot;${FONT.pageNumber}&quot;;font-size:1pt" string="${text}"/>` +
    `<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>`
  );
}
