/**
 * Sections 一–七 of a report in Word, by their headings and the form's words: 一 (主要职能, 机构情况, the
 * staff), 二 (the budget's totals, 基本支出 by its three kinds with their items, the 三公经费 and its change,
 * the projects with their uses), 三 (the fund's income), 四 (the parts' titles, 主要数据 lists), 五 and 六
 * (numbered lines), 七. A paragraph of 四 that quotes figures in free prose is not guessed at: it is
 * offered for manual entry (or to the LLM, when one is configured).
 */
import type { Para } from "../read/doc.js";
import type { Found } from "./found.js";

const MONEY = "(-?[\\d,]+(?:\\.\\d+)?\\s*(?:万元|元))";
const SECTIONS = ["一", "二", "三", "四", "五", "六", "七"];

/** The paragraphs of each section 一–七 (by the heading's numeral), the title's before them. */
export function sectionsOf(paras: Para[]): { title: Para[]; sections: Para[][] } {
  const title: Para[] = [];
  const sections: Para[][] = SECTIONS.map(() => []);
  let at = -1;
  for (const p of paras) {
    const h = /^([一二三四五六七])、/.exec(p.text);
    if (h && p.text.length < 40) {
      const i = SECTIONS.indexOf(h[1] as string);
      if (i >= at) at = i;
      continue;
    }
    if (/^附件\s*1-[12]/.test(p.text)) break;
    if (at < 0) title.push(p);
    else sections[at]?.push(p);
  }
  return { title, sections };
}

/** Whether a text states figures (a year such as “2020年度” or “2019年底” alone is not one). */
const quotesFigures = (s: string) => /\d/.test(s.replace(/\d{4}\s*年(度|底|末|初)?/g, ""));

const clean = (s: string) =>
  s.replace(/^[（(]?[一二三四五六七八九十]+[)）、]|^[㈠-㈩]|^\d+[．.、]|^[⒈-⒛]/, "").trim();

/** 一、单位基本情况 */
export function unitSection(ps: Para[], found: Found): void {
  for (const p of ps) {
    const t = clean(p.text);
    const after = t.replace(/^[^：:]*[：:]/, "");
    if (/^主要职能/.test(t)) found.text("profile.functions", "一、主要职能", after, p.where);
    else if (/^机构情况/.test(t)) found.text("profile.institutions", "一、机构情况", after, p.where);
    const actual = /(?:现实有|实有|现有)在编(?:工作)?人员\s*(\d+)\s*人/.exec(t);
    if (actual) found.decimal("profile.staff.actual", "一、实有在编工作人员", actual[1] as string, p.where);
    const parts = /在编[^。]*?其中[：:]([^。]*)/.exec(t);
    (parts?.[1] ?? "").split(/[，,、；;]/).forEach((x, i) => {
      const m = /^\s*(.+?)\s*(\d+)\s*人\s*$/.exec(x);
      if (!m) return;
      found.text(`profile.staff.breakdown.${i}.name`, `一、人员类别${i + 1}`, m[1] as string, p.where);
      found.decimal(`profile.staff.breakdown.${i}.count`, `一、${m[1]}人数`, m[2] as string, p.where);
    });
    const retirees = /离退休人员\s*(\d+)\s*人/.exec(t);
    if (retirees) found.decimal("profile.staff.retirees", "一、离退休人员", retirees[1] as string, p.where);
  }
}

/** The first amount after a label in a text ("一般公共预算支出352.29万元"), with the text it was read from. */
function amountAfter(text: string, label: string): string | null {
  return new RegExp(`${label}(?:为|共计|合计|总计)?[：:]?\\s*${MONEY}`).exec(text)?.[1] ?? null;
}

/** 二、一般公共预算支出情况: totals, ㈠ 基本支出 and the 三公经费, ㈡ the projects. */
export function budgetSection(ps: Para[], found: Found): void {
  let part = 0;
  let project = 0;
  for (const p of ps) {
    const t = p.text;
    if (/^(?:[㈠㈡]|[（(][一二][)）])/.test(t) && t.length < 30) {
      part = /^(?:㈡|[（(]二)/.test(t) ? 2 : 1;
      continue;
    }
    if (part === 0) {
      const put = (label: string, path: string, name: string) => {
        const v = amountAfter(t, label);
        if (v) found.money(path, `二、${name}`, v, p.where);
      };
      put("一般公共预算(?:财政)?拨款收入", "generalBudget.income", "一般公共预算拨款收入");
      put("一般公共预算支出", "generalBudget.expenditure", "一般公共预算支出");
      put("基本支出", "generalBudget.basic", "其中：基本支出");
      put("项目支出", "generalBudget.project", "其中：项目支出");
    } else if (part === 1) basicExpenditure(t, p.where, found);
    else if (part === 2 && /\d/.test(t)) project = projectParagraph(t, p.where, project, found);
  }
}

const KINDS: [RegExp, string][] = [
  [/工资福利支出/, "wages"],
  [/商品和服务支出/, "goodsAndServices"],
  [/对个人和家庭(?:的)?补助(?:支出)?/, "householdSubsidies"],
];

function basicExpenditure(t: string, where: string, found: Found): void {
  const total = amountAfter(t, "基本支出");
  if (total) found.money("basicExpenditure.amount", "二㈠ 基本支出共计", total, where);
  const starts = KINDS.map(([re]) => t.search(re));
  KINDS.forEach(([re, key], i) => {
    const from = starts[i] as number;
    if (from < 0) return;
    const ends = starts.filter((s) => s > from);
    const seg = t
      .slice(from, ends.length > 0 ? Math.min(...ends) : undefined)
      .replace(/[。；;]\s*[⒈-⒛\d]?[．.、]?\s*$/, "");
    const name = (re.exec(seg)?.[0] ?? "") as string;
    const head = new RegExp(`^${name}(?:[（(]([^）)]+)[）)])?\\s*${MONEY}`).exec(seg);
    if (!head) return;
    const path = `basicExpenditure.${key}`;
    found.money(`${path}.amount`, `二㈠ ${name}`, head[2] as string, where);
    const list = head[1] ? `${head[1]}${head[2]}` : seg.slice(head[0].length).replace(/^[：:，,]/, "");
    itemsOf(list).forEach((it, k) => {
      found.text(`${path}.items.${k}.name`, `二㈠ ${name}的明细${k + 1}`, it.name, where);
      found.money(`${path}.items.${k}.amount`, `二㈠ ${name} › ${it.name}`, it.amount, where);
    });
  });
  const tp = /“?三公经费”?(?:支出)?\s*(?:为|共计)?\s*(-?[\d.]+\s*万?元)/.exec(t);
  if (tp) {
    found.money("threePublic.amount", "二㈠ “三公经费”", tp[1] as string, where);
    const change = /(增加|减少)\s*([\d.]+\s*万?元)/.exec(t.slice(tp.index));
    if (change) {
      found.text("threePublic.change.direction", "二㈠ “三公经费”同比增减", change[1] as string, where);
      found.money("threePublic.change.amount", "二㈠ “三公经费”同比变动额", change[2] as string, where);
      const rate = /(?:下降|上升|增长|减少)\s*([\d.]+)\s*[%％]/.exec(t.slice(tp.index));
      if (rate)
        found.decimal("threePublic.change.rate", "二㈠ “三公经费”同比变动率", rate[1] as string, where);
    } else if (/持平/.test(t.slice(tp.index))) {
      found.text("threePublic.change.direction", "二㈠ “三公经费”同比增减", "持平", where);
    }
  }
}

/** "基本工资51.91万元、津贴补贴20.63万元" → named amounts (a name without an amount is skipped). */
function itemsOf(list: string): { name: string; amount: string }[] {
  const out: { name: string; amount: string }[] = [];
  for (const part of list.split(/[、，；;。]|,(?!\d{3})/)) {
    const m = new RegExp(`^\\s*(.+?)\\s*${MONEY}\\s*$`).exec(part);
    if (m && !/\d{2,}/.test(m[1] as string)) out.push({ name: m[1] as string, amount: m[2] as string });
  }
  return out;
}

/** One project of 二㈡: "⒈2020年度NAME140万元（note），使用情况为：⑴NAME72万元：办公费1万元、…；⑵…". */
function projectParagraph(t: string, where: string, i: number, found: Found): number {
  const body = t.replace(/^(?:[⒈-⒛]|\d+[．.、])\s*/, "").replace(/^\d{4}年度?/, "");
  const head = new RegExp(`^(.+?)\\s*${MONEY}(?:[（(]([^）)]*)[）)])?`).exec(body);
  if (!head) return i;
  const path = `projects.${i}`;
  const name = (head[1] as string).trim();
  found.text(`${path}.name`, `二㈡ 项目${i + 1}`, name, where);
  found.money(`${path}.amount`, `二㈡ ${name}`, head[2] as string, where);
  if (head[3]) found.text(`${path}.note`, `二㈡ ${name} 说明`, head[3], where);
  const uses = body.slice(head[0].length).split(/[⑴-⒇]/).slice(1);
  if (uses.length === 0) {
    const note = body
      .slice(head[0].length)
      .replace(/^[，,]/, "")
      .replace(/。$/, "")
      .trim();
    if (note && !head[3]) found.text(`${path}.note`, `二㈡ ${name} 说明`, note, where);
  }
  uses.forEach((u, k) => {
    const m = new RegExp(`^(.+?)\\s*${MONEY}[：:，,]?(.*)$`).exec(u.replace(/[；;。]\s*$/, ""));
    if (!m) return;
    const up = `${path}.items.${k}`;
    found.text(`${up}.name`, `二㈡ ${name} 用途${k + 1}`, (m[1] as string).trim(), where);
    found.money(`${up}.amount`, `二㈡ ${name} › ${(m[1] as string).trim()}`, m[2] as string, where);
    const rest = (m[3] as string).trim();
    const note = /即[：:](.*)$/.exec(rest);
    if (note) found.text(`${up}.note`, `二㈡ ${m[1]} 说明`, (note[1] as string).trim(), where);
    itemsOf(rest.replace(/即[：:].*$/, "")).forEach((it, j) => {
      found.text(`${up}.items.${j}.name`, `二㈡ ${m[1]}的明细${j + 1}`, it.name, where);
      found.money(`${up}.items.${j}.amount`, `二㈡ ${m[1]} › ${it.name}`, it.amount, where);
    });
  });
  return i + 1;
}

/** 三、政府性基金预算支出情况: the income and its parts, its uses ㈠ ㈡ …; other figures for manual entry. */
export function fundsSection(ps: Para[], found: Found): void {
  let use = 0;
  for (const p of ps) {
    if (/无政府性基金/.test(p.text)) return;
    const v = amountAfter(p.text, "政府性基金预算(?:财政)?拨款收入");
    if (v && !found.has("governmentFunds.income")) {
      found.money("governmentFunds.income", "三、政府性基金预算拨款收入", v, p.where);
      const parts = /其中[：:](.*?)。?$/.exec(p.text)?.[1] ?? "";
      topLevel(parts).forEach((part, i) => {
        const m = new RegExp(`^(.+?)\\s*${MONEY}(?:[（(](.*)[）)])?$`).exec(part.trim());
        if (!m) return;
        const path = `governmentFunds.breakdown.${i}`;
        found.text(`${path}.name`, `三、基金${i + 1}`, m[1] as string, p.where);
        found.money(`${path}.amount`, `三、${m[1]}`, m[2] as string, p.where);
        itemsOf(m[3] ?? "").forEach((it, k) => {
          found.text(`${path}.items.${k}.name`, `三、${m[1]}的明细${k + 1}`, it.name, p.where);
          found.money(`${path}.items.${k}.amount`, `三、${m[1]} › ${it.name}`, it.amount, p.where);
        });
      });
      continue;
    }
    const u = new RegExp(
      `^(?:[㈠-㈩]|[（(][一二三四五六七八九十]+[)）])\\s*(?:至([^，,]+)[，,])?(.+?)\\s*${MONEY}(?:[，,](.*?))?。?$`,
    ).exec(p.text);
    if (u) {
      const path = `governmentFunds.uses.${use}`;
      found.text(`${path}.name`, `三、使用情况${use + 1}`, u[2] as string, p.where);
      found.money(`${path}.amount`, `三、使用情况 › ${u[2]}`, u[3] as string, p.where);
      if (u[1]) found.text(`${path}.asOf`, `三、${u[2]} 时点`, u[1], p.where);
      if (u[4]) found.text(`${path}.note`, `三、${u[2]} 说明`, u[4], p.where);
      use++;
    } else if (quotesFigures(p.text) && !/使用情况为[：:]$/.test(p.text)) fundsText(p, found);
  }
}

/** 三's text and the figures it lists at its end ("…，2020年度共完成各类后扶项目399个、完成渠道17KM…。"). */
function fundsText(p: Para, found: Found): void {
  const parts = p.text.replace(/。$/, "").split(/[，、]/);
  let from = parts.length;
  while (from > 0 && /^.*[^\d.\s]\s*\d[\d.]*\s*[^\d\s]{0,3}$/.test(parts[from - 1] as string)) from--;
  if (from === parts.length) {
    found.unplaced.push({ where: `${p.where}（三）`, text: p.text });
    return;
  }
  const text = p.text.slice(0, parts.slice(0, from).join("，").length).replace(/[，、]$/, "");
  if (text) found.text("governmentFunds.text", "三、政府性基金使用情况说明", text, p.where);
  parts.slice(from).forEach((part, i) => {
    labelled(part, `governmentFunds.figures.${i}`, `F3.${i + 1}`, p.where, found);
  });
}

/** Parts of a list separated by 、 outside brackets. */
function topLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of list) {
    if (ch === "（" || ch === "(") depth++;
    if (ch === "）" || ch === ")") depth--;
    if ((ch === "、" || ch === "；") && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

/** 四: the parts' titles and texts; "主要数据：" lists as figures; other figures in prose for manual entry. */
export function performanceSection(ps: Para[], found: Found): void {
  let s = -1;
  for (const p of ps) {
    const title = /^(?:[㈠-㈩]|[（(][一二三四五六七八九十]+[)）])\s*(.+?)[。.]?$/.exec(p.text);
    if (title && p.text.length < 60) {
      s++;
      found.text(`performance.sections.${s}.title`, `四 第${s + 1}部分标题`, title[1] as string, p.where);
      continue;
    }
    if (s < 0) {
      found.text("performance.intro", "四、引言", p.text, p.where);
      continue;
    }
    const data = /^主要数据[：:](.*)$/.exec(p.text);
    if (data) {
      figures(data[1] as string, `performance.sections.${s}.figures`, p.where, found);
      continue;
    }
    found.text(`performance.sections.${s}.text`, `四 第${s + 1}部分正文`, p.text, p.where);
    if (quotesFigures(p.text))
      found.unplaced.push({
        where: `${p.where}（四）`,
        text: p.text,
        figures: `performance.sections.${s}.figures`,
      });
  }
}

/** "截至X，label value，其中：a v、b v；label value" → figures with their labels and parts (ids F4.s.n). */
function figures(list: string, path: string, where: string, found: Found): void {
  const section = Number(/sections\.(\d+)/.exec(path)?.[1] ?? "0") + 1;
  list
    .replace(/。$/, "")
    .split(/[；;]/)
    .forEach((part, i) => {
      const asOf = /^截至([^，,]+)[，,]/.exec(part);
      const [main = "", items = ""] = (asOf ? part.slice(asOf[0].length) : part).split(/[，,]其中[：:]/);
      const fp = `${path}.${i}`;
      const id = `F4.${section}.${i + 1}`;
      if (!labelled(main, fp, id, where, found)) {
        found.unplaced.push({ where: `${where}（四 主要数据）`, text: part });
        return;
      }
      if (asOf) found.text(`${fp}.asOf`, `四 主要数据${i + 1} 时点`, asOf[1] as string, where);
      items.split("、").forEach((it, k) => {
        if (it.trim()) labelled(it, `${fp}.items.${k}`, `${id}.${k + 1}`, where, found);
      });
    });
}

/** "label value" (the value a number with its unit at the end) as a figure with its id. */
function labelled(text: string, path: string, id: string, where: string, found: Found): boolean {
  const m = /^(.*?)(-?\d[\d.,]*\s*[^\d\s，,、]*)$/.exec(
    text
      .trim()
      .replace(/^.*[。；;：:]/, "")
      .replace(/^其中/, ""),
  );
  if (!m?.[1]) return false;
  found.add({ path: `${path}.id`, label: "", value: id, raw: "", where, kind: "text" });
  found.text(`${path}.label`, `四 ${m[1]}（名称）`, m[1] as string, where);
  found.quantity(`${path}.value`, `四 ${m[1]}`, m[2] as string, where);
  return true;
}

/** 五 and 六 as numbered lines, 七 as text. */
export function closingSections(sections: Para[][], found: Found): void {
  const lines = (ps: Para[], path: string, label: string) => {
    ps.filter((p) => !/^无。?$/.test(p.text) && !/^报告应包括|^\d[.．]部门整体支出绩效/.test(p.text)).forEach(
      (p, i) => {
        found.text(`${path}.${i}`, `${label} 第${i + 1}条`, p.text.replace(/^\d+[、.．]\s*/, ""), p.where);
      },
    );
  };
  lines(sections[4] ?? [], "problems", "五、存在的问题");
  lines(sections[5] ?? [], "improvements", "六、改进措施");
  const other = (sections[6] ?? []).filter(
    (p) => !/^报告应包括|^\d[.．]部门整体支出绩效/.test(p.text) && p.text !== "无。",
  );
  if (other.length > 0)
    found.text(
      "otherNotes.text",
      "七、其他需要说明的情况",
      other.map((p) => p.text).join("\n"),
      other[0]?.where ?? "",
    );
}
