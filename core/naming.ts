import type { Report } from "./report.js";

/**
 * File names made from what users typed (a unit's name): safe on every filesystem (Windows, macOS,
 * Linux) and in an HTTP header (a Content-Disposition, which the Bot API client does not quote).
 * Path separators, the characters Windows forbids, quotes, semicolons and control characters become
 * "_"; leading dots and spaces go (no hidden files, no "../"); at most 120 characters.
 */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, "")
    .replace(/[/\\:*?"<>|;%]/g, "_")
    .replace(/^[.\s_]+/, "")
    .replace(/[.\s]+$/, "")
    .trim();
  const short = [...cleaned].slice(0, 120).join("");
  return short === "" || /^(CON|PRN|AUX|NUL|COM\d|LPT\d)(\..*)?$/i.test(short) ? `报告_${short}` : short;
}

/** The name of a report's file: "单位-年度-自评报告(-草稿).pdf", "单位-年度.json". */
export function reportFileName(report: Report, kind: "pdf" | "json", final = false): string {
  const base = `${report.unit.name}-${report.unit.year}`;
  return safeFileName(kind === "pdf" ? `${base}-自评报告${final ? "" : "-草稿"}.pdf` : `${base}.json`);
}
