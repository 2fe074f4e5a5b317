import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * LibreOffice headless (Debian's libreoffice-writer-nogui) converting a .docx to PDF, as a second program
 * reading Zipin's Word files, for the tests and for docs/img. The fonts government documents name
 * (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) are not on a Linux machine: a fontconfig file maps
 * them onto the two Noto fonts the PDF renderer ships (serif for 仿宋/宋/楷, sans for 黑体), so the pages
 * show the document's text, not empty boxes, without installing fonts.
 */
export function soffice(): string | null {
  const r = spawnSync("sh", ["-c", "command -v soffice || command -v libreoffice"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function pdftoppm(): string | null {
  const r = spawnSync("sh", ["-c", "command -v pdftoppm"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

const ALIASES: [string, "Noto Serif SC" | "Noto Sans SC"][] = [
  ["仿宋_GB2312", "Noto Serif SC"],
  ["仿宋", "Noto Serif SC"],
  ["方正小标宋简体", "Noto Serif SC"],
  ["宋体", "Noto Serif SC"],
  ["楷体_GB2312", "Noto Serif SC"],
  ["楷体", "Noto Serif SC"],
  ["黑体", "Noto Sans SC"],
];

/** A fontconfig file: the system's fonts, the Noto fonts from node_modules, and the aliases. */
function fontconfig(dir: string): string {
  const require = createRequire(import.meta.url);
  const serif = dirname(
    require.resolve("@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf"),
  );
  const sans = dirname(
    require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"),
  );
  const alias = ([from, to]: (typeof ALIASES)[number]) =>
    `<match target="pattern"><test name="family"><string>${from}</string></test><edit name="family" mode="assign" binding="strong"><string>${to}</string></edit></match>`;
  const file = join(dir, "fonts.conf");
  writeFileSync(
    file,
    `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>` +
      `<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${serif}</dir><dir>${sans}</dir>` +
      `<cachedir>${join(dir, "fc-cache")}</cachedir>${ALIASES.map(alias).join("")}</fontconfig>`,
  );
  return file;
}

/** The document converted to PDF by LibreOffice headless; its bytes. Throws with LibreOffice's output if it fails. */
export function docxToPdf(docx: Buffer, name = "report.docx"): Buffer {
  const bin = soffice();
  if (!bin) throw new Error("LibreOffice (soffice) is not installed");
  const dir = mkdtempSync(join(tmpdir(), "zipin-lo-"));
  const input = join(dir, name);
  writeFileSync(input, docx);
  const r = spawnSync(
    bin,
    [
      `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
      "--headless",
      "--convert-to",
      "pdf",
      "--outdir",
      dir,
      input,
    ],
    {
      env: { ...process.env, FONTCONFIG_FILE: fontconfig(dir), HOME: dir },
      encoding: "utf8",
      timeout: 180_000,
    },
  );
  const pdf = readdirSync(dir).find((f) => f.endsWith(".pdf"));
  if (!pdf) throw new Error(`LibreOffice did not convert ${name}: ${r.stdout} ${r.stderr} ${r.error ?? ""}`);
  return readFileSync(join(dir, pdf));
}

/** Pages of a PDF as PNG files (pdftoppm, 1-based page numbers), written to `dir`; their paths. */
export function pdfToPng(pdf: Buffer, pages: number[], dir: string, dpi = 80): string[] {
  mkdirSync(dir, { recursive: true });
  const src = join(dir, "in.pdf");
  writeFileSync(src, pdf);
  return pages.map((p) => {
    const base = join(dir, `page-${p}`);
    const r = spawnSync("pdftoppm", [
      "-r",
      String(dpi),
      "-png",
      "-singlefile",
      "-f",
      String(p),
      "-l",
      String(p),
      src,
      base,
    ]);
    if (r.status !== 0) throw new Error(`pdftoppm failed on page ${p}: ${r.stderr}`);
    return `${base}.png`;
  });
}
